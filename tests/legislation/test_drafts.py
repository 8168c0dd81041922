"""Laws and articles as publishable content: an editor's change to a live law or article is a
draft until published, new ones start as drafts, staff preview drafts at the real address,
scheduled times take effect by themselves, and whatever is not public is nowhere a visitor
looks (pages, lists, sitemap, search, API, links, citations)."""

import datetime
from html import escape
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import Change
from guide.models import Task
from legislation.importer import import_law
from legislation.models import Article, ArticleWording, Law
from publishing import services
from publishing.models import Draft
from publishing.versioning import revisions_of, snapshot
from tests.cards.test_admin import form_data
from tests.factories import make_comparison, make_law, sitemap_files
from tests.legislation.test_importer import SMALL

LANGUAGES = ("zh-hans", "en")
SLUG = "social-insurance-law"
COMPARISON = "citizen-card-vs-social-security-card"


def page(lang, number=None, slug=SLUG):
    url = f"/{lang}/laws/{slug}/"
    return f"{url}articles/{number}/" if number else url


def change_url(obj, action="change", lang="en"):
    return f"/{lang}/admin/legislation/{obj._meta.model_name}/{obj.pk}/{action}/"


@pytest.fixture
def editors(db):
    def make(name):
        user = get_user_model().objects.create_superuser(name, f"{name}@example.com", "pw")
        client = Client()
        client.force_login(user)
        return client

    return make("alice"), make("bob")


@pytest.fixture
def alice(editors):
    return editors[0]


@pytest.fixture
def bob(editors):
    return editors[1]


@pytest.fixture
def law(seeded):
    return Law.objects.get(slug=SLUG)


def article(number, slug=SLUG):
    return Article.objects.with_law().get(law__slug=slug, number=number)


def edit(client, obj, **changes):
    data = form_data(client.get(change_url(obj)))
    data.update(changes)
    return client.post(change_url(obj), data)


def publish_in_admin(client, obj, confirm=True):
    confirmation = client.get(change_url(obj, "publish"))
    data = {"base_revision": confirmation.context["base_revision"]}
    if confirm:
        data["confirm_translations"] = "1"
    return client.post(change_url(obj, "publish"), data)


def unpublish(obj):
    services.unpublish(obj, user=None)


# --- drafts of live articles and laws ---------------------------------------------------


def test_a_draft_of_a_live_article_is_invisible_until_published(alice, client, law):
    fifth = article(5)
    old_en, old_zh = fifth.text_en, fifth.text_zh_hans
    response = edit(
        alice, fifth, text_en="A redrafted fifth article.", text_zh_hans="改写的第五条。"
    )
    assert response.status_code == 302
    assert Draft.objects.count() == 1

    for url in (page("en", 5), page("en")):  # the article page and the law page
        html = client.get(url).text
        assert escape(old_en.split("\n")[0]) in html and "A redrafted fifth article." not in html
    assert old_zh.split("\n")[0] in client.get(page("zh-hans", 5)).text
    assert "改写的第五条。" not in client.get(page("zh-hans")).text

    assert publish_in_admin(alice, fifth).status_code == 302
    assert "A redrafted fifth article." in client.get(page("en", 5)).text
    assert "改写的第五条。" in client.get(page("zh-hans")).text
    assert escape(old_en.split("\n")[0]) not in client.get(page("en", 5)).text
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    ("lang", "banner"), [("en", "Draft — not public"), ("zh-hans", "草稿：尚未发布")]
)
def test_staff_preview_drafts_at_the_real_address_with_a_banner(alice, client, law, lang, banner):
    edit(alice, article(5), text_en="Previewed wording.", text_zh_hans="预览的条文。")
    edit(alice, law, summary_en="A previewed summary.", summary_zh_hans="预览的简介。")
    text = "预览的条文。" if lang == "zh-hans" else "Previewed wording."
    summary = "预览的简介。" if lang == "zh-hans" else "A previewed summary."

    preview = alice.get(page(lang, 5))
    assert banner in preview.text and text in preview.text
    assert "no-store" in preview["Cache-Control"]
    # The law page shows the law's draft with the drafts of its articles.
    preview = alice.get(page(lang))
    assert banner in preview.text and text in preview.text and summary in preview.text
    live = alice.get(page(lang) + "?live")
    assert text not in live.text and summary not in live.text

    visitor = client.get(page(lang)).text
    assert banner not in visitor and text not in visitor and summary not in visitor


def test_a_new_article_starts_as_a_draft(alice, client, law):
    data = form_data(alice.get(f"/en/admin/legislation/article/add/?law={law.pk}"))
    data.update(law=str(law.pk), number="99", text_zh_hans="新增的第九十九条。")
    data.pop("chapter", None)
    data.pop("section", None)
    assert alice.post("/en/admin/legislation/article/add/", data).status_code == 302
    new = article(99)
    assert not new.is_published
    for lang in LANGUAGES:
        assert client.get(page(lang, 99)).status_code == 404
        assert "新增的第九十九条" not in client.get(page(lang)).text
    assert "Draft — not public" in alice.get(page("en", 99)).text
    publish_in_admin(alice, new)
    assert client.get(page("zh-hans", 99)).status_code == 200
    assert "新增的第九十九条" in client.get(page("zh-hans")).text


def test_a_new_law_is_a_draft_and_its_first_publication_publishes_its_articles(alice, client, db):
    result = import_law(SMALL, slug="example", language="zh-hans")
    law = result.law
    assert not law.is_published and not law.articles.filter(is_published=True).exists()
    assert client.get(page("zh-hans", slug="example")).status_code == 404
    assert client.get(page("zh-hans", 1, slug="example")).status_code == 404

    confirmation = alice.get(change_url(law, "publish"))
    assert "3 items that were never published" in confirmation.text
    assert publish_in_admin(alice, law).status_code == 302
    assert client.get(page("zh-hans", slug="example")).status_code == 200
    assert client.get(page("en", 3, slug="example")).status_code == 200
    assert law.articles.filter(is_published=True).count() == 3

    # Later publications leave alone an article an editor unpublished since.
    unpublish(article(3, "example"))
    edit(alice, Law.objects.get(pk=law.pk), summary_zh_hans="新简介。")
    publish_in_admin(alice, Law.objects.get(pk=law.pk))
    assert client.get(page("en", 3, slug="example")).status_code == 404


def test_scheduled_publication_and_withdrawal_of_a_law_take_effect_by_themselves(alice, client, db):
    now = timezone.now()
    law = make_law(
        articles=2,
        publish_at=now + datetime.timedelta(hours=1),
        unpublish_at=now + datetime.timedelta(hours=2),
    )

    def answers():
        urls = [page(lang, number, law.slug) for lang in LANGUAGES for number in (None, 1)]
        codes = {client.get(url).status_code for url in urls}
        listed = law.title_en in client.get("/en/laws/").text
        in_api = client.get(f"/api/v1/laws/{law.slug}/articles/1/").status_code
        return codes, listed, in_api

    assert answers() == ({404}, False, 404)
    assert "Scheduled for" in alice.get(page("en", slug=law.slug)).text
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(hours=1)):
        assert answers() == ({200}, True, 200)
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(hours=2)):
        assert answers() == ({404}, False, 404)


def test_revert_of_an_article_restores_both_languages_and_its_wordings(alice, client, law):
    fifth = article(5)
    services.record(fifth, user=None)  # the version to go back to
    first = revisions_of(fifth).first()
    original = {key: v.field_dict for key, v in snapshot(fifth).items()}
    data = form_data(alice.get(change_url(fifth)))
    data.update(text_zh_hans="改过的中文。", text_en="Changed English.")
    if "wordings-0-text_zh_hans" in data:
        data["wordings-0-text_zh_hans"] = "改过的旧条文。"
    assert alice.post(change_url(fifth), data).status_code == 302
    publish_in_admin(alice, fifth)
    assert "Changed English." in client.get(page("en", 5)).text

    confirmation = alice.get(change_url(fifth, f"history/{first.pk}/revert"))
    response = alice.post(
        change_url(fifth, f"history/{first.pk}/revert"),
        {"base_revision": confirmation.context["base_revision"]},
    )
    assert response.status_code == 302
    assert "Changed English." in client.get(page("en", 5)).text  # a draft until published
    publish_in_admin(alice, fifth)
    after = {key: v.field_dict for key, v in snapshot(fifth).items()}
    assert after.keys() == original.keys()
    for key, fields in original.items():
        for name in ("is_published", "last_published_at"):
            fields.pop(name, None)
            after[key].pop(name, None)
        assert after[key] == fields, key
    assert "改过的中文。" not in client.get(page("zh-hans", 5)).text
    assert "Changed English." not in client.get(page("en", 5)).text


def test_a_stale_save_of_an_article_is_refused_and_names_the_other_editor(alice, bob, law):
    fifth = article(5)
    bobs_form = form_data(bob.get(change_url(fifth)))  # both open the article
    assert edit(alice, fifth, text_en="Alice's wording.").status_code == 302
    bobs_form["text_en"] = "Bob's wording."
    response = bob.post(change_url(fifth), bobs_form)
    assert response.status_code == 200
    assert "alice changed this since you opened it" in response.text
    assert "Text (English)" in response.text
    draft = Draft.objects.get()
    stored = "".join(v.serialized_data for v in draft.revision.version_set.all())
    assert "Alice's wording." in stored and "Bob's wording." not in stored


def test_a_draft_adds_no_query_to_the_public_law_and_article_pages(alice, client, law):
    urls = (page("en"), page("zh-hans"), page("en", 5), page("zh-hans", 5))

    def queries():
        counts = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    before = queries()
    edit(alice, article(5), text_en="Draft.")
    edit(alice, law, summary_en="Draft.")
    assert Draft.objects.count() == 2
    assert queries() == before


# --- what is not public is nowhere a visitor looks ---------------------------------------


def test_an_unpublished_law_is_404_and_absent_everywhere(client, law, admin_client):
    url = f"/laws/{SLUG}/"

    def where_shown():
        found = {}
        for lang in LANGUAGES:
            found[lang, "page"] = client.get(page(lang)).status_code == 200
            found[lang, "article"] = client.get(page(lang, 2)).status_code == 200
            found[lang, "embed"] = client.get(f"/{lang}/embed{url}articles/2/").status_code == 200
            for where in ("laws/", "", "feed.atom", "compare/" + COMPARISON + "/"):
                found[lang, where] = url in client.get(f"/{lang}/{where}").text
            search = client.get(f"/{lang}/search/", {"q": "社会保险"}).text
            found[lang, "search"] = url in search
        found["sitemap"] = any(url in xml for xml in sitemap_files(client))
        for api in ("", "articles/", "articles/2/"):
            found[api] = client.get(f"/api/v1/laws/{SLUG}/{api}").status_code == 200
        found["api list"] = SLUG in client.get("/api/v1/laws/").text
        cited = client.get(f"/api/v1/comparisons/{COMPARISON}/").json()["legal_basis"]
        found["api citations"] = bool(cited)
        return found

    shown = where_shown()
    assert all(shown.values()), shown
    unpublish(law)
    hidden = where_shown()
    assert not any(hidden.values()), hidden
    # Staff still reach it, marked as not public.
    assert "Draft — not public" in admin_client.get(page("en")).text


def test_an_unpublished_article_is_404_and_absent_everywhere(client, law):
    fourth = article(4)
    url = f"/laws/{SLUG}/articles/4/"
    citing = Task.objects.get(article=fourth)

    def where_shown():
        """Everywhere a visitor may meet article 4, and whether it is there."""
        found = {}
        for lang in LANGUAGES:
            found[lang, "page"] = client.get(page(lang, 4)).status_code == 200
            law_page = client.get(page(lang)).text
            found[lang, "law page"] = 'id="article-4"' in law_page or url in law_page
            found[lang, "pager"] = url in client.get(page(lang, 5)).text
            search = client.get(f"/{lang}/search/", {"q": fourth.text_zh_hans[:8]}).text
            found[lang, "search"] = url in search
            found[lang, "guide"] = url in client.get(f"/{lang}/guide/").text
            found[lang, "comparison"] = url in client.get(f"/{lang}/compare/{COMPARISON}/").text
        found["sitemap"] = any(url in xml for xml in sitemap_files(client))
        found["api"] = client.get(f"/api/v1/laws/{SLUG}/articles/4/").status_code == 200
        listed = client.get(f"/api/v1/laws/{SLUG}/articles/").json()["results"]
        found["api list"] = 4 in [a["number"] for a in listed]
        cited = client.get(f"/api/v1/comparisons/{COMPARISON}/").json()["legal_basis"]
        found["api citation"] = 4 in [a["number"] for a in cited]
        tasks = {t["slug"]: t for t in client.get("/api/v1/guide/").json()["results"]}
        found["api guide"] = tasks[citing.slug]["article"] is not None
        return found

    shown = where_shown()
    assert all(shown.values()), shown
    unpublish(fourth)
    hidden = where_shown()
    assert not any(hidden.values()), hidden
    # The rest stays: the neighbour, the other citations.
    assert client.get(page("en", 5)).status_code == 200
    assert f"/laws/{SLUG}/articles/5/" in client.get(f"/en/compare/{COMPARISON}/").text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_chapter_or_section_with_no_public_article_is_hidden_from_visitors(
    alice, client, law, lang
):
    chapter = law.chapters.get(number=2)
    labour = Law.objects.get(slug="labour-contract-law")
    section = labour.sections.get(chapter__number=5, number=2)

    def headings(client, law, *anchors):
        html = client.get(page(lang, slug=law.slug)).text
        return {a: (f'id="{a}"' in html, f'href="#{a}"' in html) for a in anchors}

    both = (True, True)  # the heading in the text and its entry in the table of contents
    assert headings(client, law, chapter.anchor, "chapter-3") == {
        chapter.anchor: both,
        "chapter-3": both,
    }
    for article in list(chapter.articles.all()) + list(section.articles.all()):
        unpublish(article)
    hidden = (False, False)
    assert headings(client, law, chapter.anchor, "chapter-3") == {
        chapter.anchor: hidden,
        "chapter-3": both,
    }
    assert headings(client, labour, section.anchor, "chapter-5") == {
        section.anchor: hidden,
        "chapter-5": both,  # the chapter's other sections stay
    }
    # The API's outline of the laws leaves them out too.
    outline = {
        law["slug"]: {c["number"]: [s["number"] for s in c["sections"]] for c in law["chapters"]}
        for law in client.get("/api/v1/laws/", {"lang": lang}).json()["results"]
    }
    assert 2 not in outline[SLUG] and 3 in outline[SLUG]
    assert 2 not in outline["labour-contract-law"][5] and outline["labour-contract-law"][5]
    # Staff preview the law as it stands: the headings are there, over unpublished articles.
    assert headings(alice, law, chapter.anchor) == {chapter.anchor: both}
    assert headings(alice, labour, section.anchor) == {section.anchor: both}


@pytest.mark.parametrize(
    ("lang", "banner"),
    [("en", "Not public — its law is not public"), ("zh-hans", "未公开：所属法律未公开")],
)
def test_staff_banner_on_a_published_article_of_an_unpublished_law_names_the_law(
    alice, law, lang, banner
):
    unpublish(law)
    fifth = article(5)
    assert fifth.is_published
    html = alice.get(page(lang, 5)).text
    assert banner in html
    assert "Unpublished — not public" not in html and "已撤销发布" not in html
    unpublish(fifth)  # the article itself withdrawn: that is what the banner says then
    html = alice.get(page(lang, 5)).text
    assert banner not in html
    assert ("Draft — not public" if lang == "en" else "草稿：尚未发布") in html


def test_cross_references_to_an_unpublished_article_stay_text(client, law):
    link = f'href="/en/laws/{SLUG}/articles/63/#article-63"'
    assert link in client.get(page("en", 41)).text
    unpublish(article(63))
    for lang in LANGUAGES:
        html = client.get(page(lang, 41)).text
        assert "/articles/63/" not in html
        assert "本法第六十三条" in client.get(page("zh-hans", 41)).text
        assert 'href="#article-63"' not in client.get(page(lang)).text


def test_cross_references_to_another_unpublished_law_stay_text(client, db):
    cited = make_law(articles=3, title_zh_hans="被引法", short_title_zh_hans="被引法")
    citing = make_law(articles=1)
    Article.objects.filter(law=citing).update(text_zh_hans="依照《被引法》第二条规定。")
    url = page("zh-hans", 1, slug=citing.slug)
    assert f"/laws/{cited.slug}/articles/2/" in client.get(url).text
    unpublish(cited)
    assert f"/laws/{cited.slug}/articles/2/" not in client.get(url).text


def test_a_law_publication_is_its_articles_publication_in_the_change_feed(client, db):
    law = make_law(articles=2, is_published=False)
    Article.objects.filter(law=law).update(is_published=True)
    assert not Change.objects.filter(object_type="article").exists()
    services.publish(law, user=None)
    events = set(Change.objects.values_list("object_type", "object_key", "kind"))
    assert ("law", law.slug, "published") in events
    assert ("article", f"{law.slug}/1", "published") in events
    assert ("article", f"{law.slug}/1", "changed") not in events
    unpublish(Law.objects.get(pk=law.pk))
    events = set(Change.objects.values_list("object_type", "object_key", "kind"))
    assert ("article", f"{law.slug}/2", "withdrawn") in events


def test_a_comparison_citing_a_draft_article_shows_staff_the_citation(admin_client, client, db):
    law = make_law(articles=2)
    draft = Article.objects.get(law=law, number=2)
    unpublish(draft)
    comparison = make_comparison(cite=[draft])
    url = f"/en/compare/{comparison.slug}/"
    assert f"/laws/{law.slug}/articles/2/" not in client.get(url).text
    assert f"/laws/{law.slug}/articles/2/" in admin_client.get(url).text


# --- migration, seed and import ----------------------------------------------------------


def test_the_seed_publishes_what_it_creates(client, law):
    assert law.is_public() and law.last_published_at is not None
    assert not Article.objects.filter(is_published=False).exists()
    assert client.get(page("en", 2)).status_code == 200


def test_the_command_creates_a_new_law_as_a_draft_unless_told_to_publish(client, db, tmp_path):
    path = tmp_path / "law.txt"
    path.write_text(SMALL, encoding="utf-8")
    call_command("import_law", str(path), law="drafted", language="zh-hans", verbosity=0)
    assert not Law.objects.get(slug="drafted").is_published
    call_command(
        "import_law", str(path), law="published", language="zh-hans", publish=True, verbosity=0
    )
    law = Law.objects.get(slug="published")
    assert law.is_public() and law.articles.filter(is_published=True).count() == 3
    assert client.get(page("zh-hans", 2, slug="published")).status_code == 200


def test_reimporting_a_live_law_applies_live_and_is_recorded_in_the_history(alice, bob, client, db):
    import_law(SMALL, slug="example", language="zh-hans", publish=True)
    law = Law.objects.get(slug="example")
    third = Article.objects.get(law=law, number=3)
    edit(alice, third, text_en="An editor's draft.")
    bobs_form = form_data(bob.get(change_url(third)))  # open before the import
    changed = SMALL.replace("本法自公布之日起施行。", "本法自二〇二一年一月一日起施行。")

    preview = import_law(changed, slug="example", language="zh-hans", dry_run=True)
    assert preview.drafted == [str(third)]  # its draft predates the import
    result = import_law(changed, slug="example", language="zh-hans", user=None)
    assert result.rows_changed == 1
    assert "二〇二一年一月一日" in client.get(page("zh-hans", 3, slug="example")).text
    latest = revisions_of(third).first()
    assert latest.kind.kind == "imported"
    assert "二〇二一年一月一日" in "".join(v.serialized_data for v in latest.version_set.all())
    # A form opened before the import is stale now: saving it cannot undo the import unseen.
    bobs_form["text_en"] = "Bob's wording."
    response = bob.post(change_url(third), bobs_form)
    assert response.status_code == 200 and "changed this since you opened it" in response.text


def test_the_import_admin_says_a_new_law_is_a_draft(admin_client, db):
    from tests.legislation.test_import_admin import URL, upload

    data = {"law": "example", "language": "zh-hans", "file": upload(SMALL)}
    preview = admin_client.post(URL.format(lang="en"), data)
    assert "The law is not public" in preview.text
    confirm = {**data, "text": preview.context["confirm_form"].initial["text"], "confirm": "1"}
    del confirm["file"]
    response = admin_client.post(URL.format(lang="en"), confirm, follow=True)
    assert "The law is a draft" in response.text
    assert not Law.objects.get(slug="example").is_published


def test_the_migration_publishes_every_existing_law_and_article(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("legislation.migrations.0004_publishing")
    law = make_law(articles=2, is_published=False)
    migration.publish_existing(apps, None)
    law.refresh_from_db()
    assert law.is_published and law.last_published_at is not None
    assert Article.objects.filter(law=law, is_published=True).count() == 2


def test_deleting_a_cited_article_is_still_refused(law):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        article(2).delete()
    assert ArticleWording.objects.filter(article__law=law).exists()


@pytest.mark.django_db(transaction=True)  # writes commit: the content version is bumped
def test_publishing_an_article_shows_at_once_through_the_page_cache(settings, client, seeded):
    from django.core.cache import cache

    from publishing.models import next_scheduled_change

    settings.PAGE_CACHE_TIMEOUT = 600
    cache.clear()
    client.get(page("en", 5))
    assert client.get(page("en", 5))["X-Page-Cache"] == "hit"
    fifth = article(5)
    with services.rolled_back():
        Article.objects.filter(pk=fifth.pk).update(text_en="Published through the cache.")
        draft = snapshot(fifth)
    services.save_draft(fifth, draft, user=None)
    assert "Published through the cache." not in client.get(page("en", 5)).text
    services.publish(fifth, user=None)
    response = client.get(page("en", 5))
    assert response["X-Page-Cache"] == "miss"
    assert "Published through the cache." in response.text
    # A law scheduled to appear limits how long any page stays cached.
    soon = timezone.now() + datetime.timedelta(minutes=5)
    make_law(articles=1, publish_at=soon)
    assert next_scheduled_change() == soon
    cache.clear()


def test_the_commands_draft_warning_names_the_law_in_english(alice, db, tmp_path, capsys):
    """import_law speaks English: the law is named by its English title where it has one
    (not "Article 3 of the 示例法"), and quoted with its Chinese title where it has none."""
    import_law(SMALL, slug="example", language="zh-hans", publish=True)
    edit(alice, Article.objects.get(law__slug="example", number=3), text_en="An editor's draft.")
    path = tmp_path / "law.txt"
    path.write_text(SMALL.replace("本法自公布之日起施行。", "本法自二〇二一年一月一日起施行。"))
    call_command("import_law", str(path), law="example", language="zh-hans", dry_run=True)
    out = capsys.readouterr().out
    assert "Article 3 of the 示例法 has a draft made before this import" in out  # no English

    Law.objects.filter(slug="example").update(title_en="Example Law")
    call_command("import_law", str(path), law="example", language="zh-hans", dry_run=True)
    out = capsys.readouterr().out
    assert "Article 3 of the Example Law has a draft made before this import" in out
    assert "示例法" not in out
