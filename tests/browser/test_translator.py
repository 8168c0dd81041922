"""A translator's whole job in a real browser: sign in, find a missing English field on the
dashboard, translate it beside the Chinese source, and see it on the English page."""

import pytest
from django.contrib.auth.models import Group, User

from cards.models import CardType
from legislation.models import Article
from publishing.content import content_changed
from translations import tracking
from translations.models import TranslatorProfile
from translations.roles import TRANSLATORS

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"
ENGLISH = "The State establishes a basic old-age insurance system for urban and rural residents."


@pytest.fixture
def translator_page(seeded_server, open_page):
    user = User.objects.create_user("translator", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=TRANSLATORS))
    TranslatorProfile.objects.create(user=user, languages=["en"])
    page = open_page(1280, 900)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{seeded_server.url}/en/admin/login/")
    page.fill("#id_username", "translator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/en/admin/")
    return page


def test_translator_fills_a_missing_field_beside_the_source(seeded_server, translator_page):
    page = translator_page
    article = Article.objects.get(law__slug="social-insurance-law", number=20)
    # The seed translates the whole law: take this article's English away again.
    Article.objects.filter(pk=article.pk).update(text_en="")
    article.refresh_from_db()
    tracking.sync([article])
    content_changed()
    page.goto(f"{seeded_server.url}/en/admin/translations/translationstate/")
    link = page.locator(f'a[href$="/legislation/article/{article.pk}/change/#id_text_en"]')
    link.click()
    page.wait_for_load_state("networkidle")

    row = page.locator(".form-row", has=page.locator("#id_text_en"))
    assert article.text_zh_hans.split("\n")[0] in row.inner_text()  # the source, beside it
    assert page.locator('textarea[name="text_zh_hans"]').count() == 0  # read-only
    page.fill("#id_text_en", ENGLISH)
    page.click('input[name="_save"]')
    page.wait_for_load_state("networkidle")
    assert page.locator(".messagelist .success").count() == 1
    assert page.errors == []

    page.goto(seeded_server.url + f"/en/laws/social-insurance-law/articles/{article.number}/")
    text = page.locator("main .statute-text").first
    assert text.inner_text().strip() == ENGLISH
    assert text.get_attribute("lang") is None
    assert "Not yet translated" not in page.locator("main").inner_text()


def test_an_outdated_field_opens_in_its_tab_beside_the_old_and_new_source(seeded_server, open_page):
    """An editor's form has language tabs: the dashboard's link to an outdated English text
    opens the English tab and shows the marker with the source before and now."""
    User.objects.create_superuser("chief", password=PASSWORD)
    card = CardType.objects.get(slug="citizen-card")
    old = card.summary_zh_hans
    card.summary_zh_hans = old + "（已修改）"
    card.save()
    content_changed()
    page = open_page(1280, 700)
    page.goto(f"{seeded_server.url}/zh-hans/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/zh-hans/admin/")
    page.goto(f"{seeded_server.url}/zh-hans/admin/translations/translationstate/")
    anchor = f"outdated-cards-cardtype-{card.pk}-summary_en"
    page.locator(f'a[href$="#{anchor}"]').click()
    page.wait_for_load_state("networkidle")

    marker = page.locator(f"#{anchor}")
    marker.wait_for(state="visible", timeout=10_000)  # its tab was opened (once scripts ran)
    assert marker.evaluate("m => m.getBoundingClientRect().top") < 700  # and scrolled to
    texts = marker.locator(".translation-outdated__text [lang=zh-hans]").all_inner_texts()
    assert texts == [old, card.summary_zh_hans]
