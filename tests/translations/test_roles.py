"""Editors and Translators: a translator changes only their languages, enforced on the server."""

from django.contrib.auth.models import Group

from cards.models import ComparisonPoint
from legislation.models import Article
from publishing import services
from tests.translations.conftest import browser_form_data
from translations import tracking
from translations.roles import EDITORS, TRANSLATORS


def change_url(obj, lang="en"):
    meta = obj._meta
    return f"/{lang}/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/"


def test_migrate_creates_both_groups_with_their_permissions(db):
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    translators = set(
        Group.objects.get(name=TRANSLATORS).permissions.values_list("codename", flat=True)
    )
    assert {"add_comparison", "delete_article", "change_comparison"} <= editors
    assert {"change_article", "change_pointtext", "view_glossaryterm"} <= translators
    assert not {code for code in translators if code.startswith(("add_", "delete_"))}


def test_translator_sees_the_source_read_only_beside_the_field(translator_client, seeded):
    article = Article.objects.get(law__slug="social-insurance-law", number=20)
    html = translator_client.get(change_url(article)).content.decode()
    assert article.text_zh_hans.splitlines()[0] in html  # the Chinese, as text
    assert 'name="text_en"' in html
    assert 'name="text_zh_hans"' not in html
    assert 'name="number"' not in html and 'name="law"' not in html


def test_translator_saves_an_english_field(translator_client, chinese_only_law):
    article = chinese_only_law.articles.get(number=20)  # Chinese only
    assert tracking.status_of(article, "text", "en").is_missing
    data = browser_form_data(translator_client.get(change_url(article)))
    data["text_en"] = "The State establishes basic old-age insurance for urban and rural residents."
    response = translator_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # The article is live: the translation waits as a draft until an editor publishes it.
    article.refresh_from_db()
    assert not article.text_en
    services.publish(article, user=None)
    article.refresh_from_db()
    assert article.text_en.startswith("The State establishes")
    assert tracking.status_of(article, "text", "en").status == tracking.UP_TO_DATE


def test_a_forged_post_for_the_source_is_refused_and_saves_nothing(
    translator_client, chinese_only_law
):
    article = chinese_only_law.articles.get(number=20)  # Chinese only
    before = (article.text_zh_hans, article.number, article.chapter_id)
    data = browser_form_data(translator_client.get(change_url(article)))
    data.update(text_en="An allowed change", text_zh_hans="伪造的中文", number="97")
    response = translator_client.post(change_url(article), data)
    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.text_zh_hans, article.number, article.chapter_id) == before
    assert not article.text_en  # nothing saved, not even the allowed field


def test_a_forged_inline_field_is_refused(translator_client, comparison):
    url = change_url(comparison)
    data = browser_form_data(translator_client.get(url))
    point = comparison.points.first()
    prefix = next(
        key for key, value in data.items() if key.endswith("-id") and value == str(point.pk)
    )
    data[prefix.replace("-id", "-heading_zh_hans")] = "伪造"
    assert translator_client.post(url, data).status_code == 403
    assert ComparisonPoint.objects.get(pk=point.pk).heading_zh_hans == point.heading_zh_hans


def test_translator_edits_an_inline_translation(translator_client, comparison):
    url = change_url(comparison)
    data = browser_form_data(translator_client.get(url))
    point = comparison.points.first()
    prefix = next(
        key for key, value in data.items() if key.endswith("-id") and value == str(point.pk)
    )
    data[prefix.replace("-id", "-heading_en")] = "A new English heading"
    response = translator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # The comparison is live: the translation waits as a draft until an editor publishes it.
    assert ComparisonPoint.objects.get(pk=point.pk).heading_en != "A new English heading"
    services.publish(type(comparison).objects.get(pk=comparison.pk), user=None)
    assert ComparisonPoint.objects.get(pk=point.pk).heading_en == "A new English heading"
    assert comparison.title_zh_hans == type(comparison).objects.get(pk=comparison.pk).title_zh_hans


def test_translator_cannot_add_delete_or_publish(translator_client, comparison):
    assert translator_client.get("/en/admin/cards/comparison/add/").status_code == 403
    delete = f"/en/admin/cards/comparison/{comparison.pk}/delete/"
    assert translator_client.post(delete, {"post": "yes"}).status_code == 403
    publishing_pages = [f"/en/admin/cards/comparison/{comparison.pk}/{action}/" for action in (
        "publish", "unpublish")]  # fmt: skip
    for page in publishing_pages:
        assert translator_client.get(page).status_code == 403
        assert translator_client.post(page, {"confirm_translations": "on"}).status_code == 403
    comparison.refresh_from_db()
    assert comparison.is_published


def test_translator_cannot_publish_or_unpublish_laws_and_articles(translator_client, seeded):
    from legislation.models import Law

    law = Law.objects.get(slug="social-insurance-law")
    article = law.articles.get(number=2)
    for obj in (law, article):
        for action in ("publish", "unpublish", "discard"):
            page = change_url(obj).replace("/change/", f"/{action}/")
            assert translator_client.get(page).status_code == 403
            assert translator_client.post(page, {"confirm_translations": "on"}).status_code == 403
        obj.refresh_from_db()
        assert obj.is_published


def test_translator_without_the_language_changes_nothing(client, seeded):
    from tests.translations.conftest import make_user

    client.force_login(make_user("nobody", TRANSLATORS, []))
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    data = browser_form_data(client.get(change_url(article)))
    assert "text_en" not in data
    data["text_en"] = "forged"
    assert client.post(change_url(article), data).status_code == 403


def test_editor_still_edits_everything(client, editor, seeded):
    client.force_login(editor)
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    data = browser_form_data(client.get(change_url(article)))
    assert "text_zh_hans" in data and "text_en" in data


def test_a_superuser_sets_a_translators_languages_on_the_user_page(admin_client, translator):
    from tests.translations.conftest import browser_form_data

    url = f"/en/admin/auth/user/{translator.pk}/change/"
    data = browser_form_data(admin_client.get(url))
    data["translator_profile-0-languages"] = []
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    translator.translator_profile.refresh_from_db()
    assert translator.translator_profile.languages == []
    data["translator_profile-0-languages"] = ["en"]
    assert admin_client.post(url, data).status_code == 302
    translator.translator_profile.refresh_from_db()
    assert translator.translator_profile.languages == ["en"]


def test_translator_edits_a_chapter_title_on_the_law_page(translator_client, seeded):
    from legislation.models import Chapter, Law

    law = Law.objects.get(slug="social-insurance-law")
    chapter = law.chapters.get(number=3)
    data = browser_form_data(translator_client.get(change_url(law)))
    assert "title_zh_hans" not in data and "slug" not in data
    key = next(k for k, v in data.items() if k.endswith("-id") and v == str(chapter.pk))
    data[key.replace("-id", "-title_en")] = "Basic Medical Insurance (revised)"
    response = translator_client.post(change_url(law), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # The chapter is part of the live law's draft until an editor publishes it.
    assert Chapter.objects.get(pk=chapter.pk).title_en != "Basic Medical Insurance (revised)"
    services.publish(law, user=None)
    chapter = Chapter.objects.get(pk=chapter.pk)
    assert chapter.title_en == "Basic Medical Insurance (revised)"
    assert chapter.number == 3


def test_setup_roles_command_restores_the_groups(db):
    from django.core.management import call_command

    Group.objects.filter(name__in=[EDITORS, TRANSLATORS]).delete()
    call_command("setup_roles", verbosity=0)
    assert Group.objects.get(name=TRANSLATORS).permissions.filter(codename="change_article")


def test_translator_cannot_bulk_edit_from_the_list(translator_client, seeded):
    from cards.models import CardType

    card = CardType.objects.first()
    url = "/en/admin/cards/cardtype/"
    html = translator_client.get(url).content.decode()
    assert 'name="form-0-position"' not in html
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(card.pk),
        "form-0-position": "99",
        "_save": "Save",
    }
    translator_client.post(url, data)
    card.refresh_from_db()
    assert card.position != 99


def test_a_translators_list_has_no_bulk_edits_where_editors_have_them(rf, translator, editor):
    """The translator limits' change list (get_changelist, Django's hook for the list's
    class) drops list_editable: no formset is built, so there is nothing to post."""
    from django.contrib import admin

    from guide.models import Task
    from translations.contentadmin import ContentAdmin

    class EditableTaskAdmin(ContentAdmin):
        list_display = ("slug", "position")
        list_editable = ("position",)

    model_admin = EditableTaskAdmin(Task, admin.site)
    for user, editable in ((editor, ("position",)), (translator, ())):
        request = rf.get("/en/admin/guide/task/")
        request.user = user
        assert tuple(model_admin.get_changelist_instance(request).list_editable) == editable


def test_a_user_added_to_editors_in_the_admin_can_sign_in_at_once(admin_client, client, db):
    """Nobody has to remember "staff status": joining a role's group is enough."""
    from django.contrib.auth.models import User

    from tests.cards.test_admin import form_data

    user = User.objects.create_user("newbie", password="pw-for-tests-only")
    url = f"/en/admin/auth/user/{user.pk}/change/"
    data = form_data(admin_client.get(url))
    assert not data.get("is_staff")
    data["groups"] = [str(Group.objects.get(name=EDITORS).pk)]
    assert admin_client.post(url, data).status_code == 302

    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    signed_in = client.post(
        "/en/admin/login/?next=/en/admin/",
        {"username": "newbie", "password": "pw-for-tests-only"},
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200


def test_adding_users_to_translators_from_the_group_side_makes_them_staff(db):
    from django.contrib.auth.models import User

    user = User.objects.create_user("translator2", password="pw-for-tests-only")
    other = User.objects.create_user("bystander", password="pw-for-tests-only")
    Group.objects.get(name=TRANSLATORS).user_set.add(user)
    Group.objects.create(name="Newsletter").user_set.add(other)
    user.refresh_from_db()
    other.refresh_from_db()
    assert user.is_staff and not other.is_staff
