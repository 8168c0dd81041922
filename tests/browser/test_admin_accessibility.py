"""The admin, where editors and translators spend their day, is as accessible as the public
pages: axe-core (vendored in tests/browser/data, WCAG 2.1 A/AA rules) finds no violation on any
screen of any content kind in any language, and a translation can be edited, saved and
published with the keyboard alone.

The screens are read from the admin site: every ModelAdmin the project's own apps register,
and every URL it serves (list, add, change, history, delete, publish, unpublish, discard,
compare, revert, import…), so a kind registered later is walked without a change here.
"""

import sys
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import NoReverseMatch, reverse
from reversion.models import Version

from cards.models import Comparison
from legislation.models import Article
from publishing import services
from tests.factories import make_draft
from translations import po, registry
from translations.contentadmin import ContentAdmin
from translations.conversion import is_converted
from translations.models import TranslatorProfile
from translations.roles import EDITORS, TRANSLATORS

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "data" / "axe.min.js").read_text(encoding="utf-8")
PASSWORD = "a-long-test-password"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Started without waiting, so that axe runs in the pages of both languages at once.
START_AXE = """() => {
    window.axeViolations = axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        resultTypes: ["violations"],
    }).then(result => result.violations.map(v => ({
        id: v.id, impact: v.impact, count: v.nodes.length,
        nodes: v.nodes.slice(0, 4).map(n => `${n.target.join(" ")} ${n.html.slice(0, 120)}`),
    })));
}"""
SEED = Path(settings.BASE_DIR) / "legislation" / "seed"
SAMPLE_LAW = SEED / "social-insurance-law-2018.zh-hans.txt"


def start_axe(page):
    page.add_script_tag(content=AXE)
    page.evaluate(START_AXE)


def axe_violations(page):
    start_axe(page)
    return page.evaluate("() => window.axeViolations")


def project_model_admins():
    """(model, ModelAdmin) for every admin our own code registers (not a library's)."""
    found = []
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        source = Path(sys.modules[type(model_admin).__module__].__file__).resolve()
        if source.is_relative_to(Path(settings.BASE_DIR).resolve()):
            found.append((model, model_admin))
    return found


def sample(model, model_admin):
    """The object whose screens are walked: the first, with a pending draft where the kind is
    published (so that compare, discard and publish show a difference in every language)."""
    obj = model._default_manager.order_by("pk").first()
    drafts = hasattr(model_admin, "discard_view") and registry.is_translated(model)
    if not (drafts and getattr(obj, "is_published", False)):
        return obj
    field = registry.translated_fields(model)[0]

    def change():
        for column, (name, _language) in registry.all_columns(model).items():
            if name == field:
                limit = obj._meta.get_field(column).max_length or 10_000
                setattr(obj, column, (getattr(obj, column) or "")[: limit - 3] + " 草稿")
        obj.save()

    if services.draft_of(obj) is None:
        make_draft(obj, change)
    return obj


def admin_path(url):
    """/zh-hans/admin/cards/comparison/ → cards/comparison/ (walked in every language)."""
    return url.split("/admin/", 1)[1]


def admin_paths():
    """Every page of every project admin, as a path without the language prefix."""
    paths = []
    for model, model_admin in project_model_admins():
        obj = sample(model, model_admin)
        kwargs_to_try = [{}]
        if obj is not None:
            kwargs_to_try.append({"object_id": obj.pk})
            version = reversion.is_registered(model) and Version.objects.get_for_object(obj).first()
            if version:
                kwargs_to_try.append({"object_id": obj.pk, "revision_id": version.revision_id})
        for pattern in model_admin.get_urls():
            if not pattern.name:
                continue  # the unnamed redirect to the change page
            for kwargs in kwargs_to_try:
                try:
                    url = reverse(f"admin:{pattern.name}", kwargs=kwargs)
                except NoReverseMatch:
                    continue
                paths.append(admin_path(url))
                break
    return paths


def sign_in(page, server, username):
    page.goto(f"{server.url}/{LANGUAGES[0]}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**/{LANGUAGES[0]}/admin/")


def make_users():
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    translator = User.objects.create_user("translator", password=PASSWORD, is_staff=True)
    translator.groups.add(Group.objects.get(name=TRANSLATORS))
    TranslatorProfile.objects.create(user=translator, languages=registry.target_languages())
    User.objects.create_superuser("admin", "admin@example.com", PASSWORD)


def upload_previews(page, server, language):
    """The two previews shown after an upload: a law's text, a PO file of translations."""
    law = SAMPLE_LAW.read_text(encoding="utf-8").replace("制定本法。", "制定本法律。", 1)
    page.goto(f"{server.url}/{language}/admin/legislation/law/import/")
    page.fill("#id_law", "social-insurance-law")
    page.select_option("#id_language", "zh-hans")
    page.set_input_files(
        "#id_file", {"name": "law.txt", "mimeType": "text/plain", "buffer": law.encode()}
    )
    page.locator("#content-main form [type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("#content-main form [name=confirm]").count() == 1  # a change to confirm
    yield "legislation/law/import/ (preview)"

    # A translated language: a converted one's catalogue is machine text, exported as fuzzy.
    translated = [code for code in registry.target_languages() if not is_converted(code)]
    catalogue = po.export(translated[0])
    for entry in catalogue[:2]:
        entry.msgstr = entry.msgstr + " (reviewed)"
    page.goto(f"{server.url}/{language}/admin/translations/translationstate/import/")
    page.set_input_files(
        "#id_file", {"name": "en.po", "mimeType": "text/plain", "buffer": str(catalogue).encode()}
    )
    page.locator("#content-main form [type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator("#content-main form [name=apply]").count() == 1  # the preview
    yield "translations/translationstate/import/ (preview)"


def walk(pages, server, paths, who, found, reached):
    """Open each admin path in each language's page (unless `reached` there already) and run
    axe on every HTML page that opens."""
    for path in paths:
        started = []
        for language, page in pages.items():
            if path in reached[language]:
                continue
            response = page.goto(f"{server.url}/{language}/admin/{path}")
            if response.status == 200 and "text/html" in response.headers["content-type"]:
                reached[language].add(path)
                start_axe(page)
                started.append((language, page))
        for language, page in started:
            record(found, f"{who} {language} {path}", page.evaluate("() => window.axeViolations"))


def record(found, screen, violations):
    if violations:
        found[screen] = violations


@pytest.mark.backend_independent
def test_every_admin_screen_has_no_axe_violations(seeded_server, open_page):
    """Every screen of every kind in every language, as an editor; the change forms and the
    dashboard again as a translator (their forms differ: the source beside a read-only
    field); and what only a superuser reaches (users, old slugs)."""
    make_users()
    paths = ["", *admin_paths()]
    must_reach = [p for p in paths if p.endswith(("/change/", "/history/")) or p.count("/") == 2]
    found, reached = {}, {language: set() for language in LANGUAGES}
    for username in ("editor", "translator", "admin"):
        pages = {language: open_page(1280, bypass_csp=True) for language in LANGUAGES}
        for page in pages.values():
            sign_in(page, seeded_server, username)
        if username == "translator":
            # Their own forms (read-only source beside each field) and their dashboard.
            dashboard = admin_path(reverse("admin:translations_translationstate_changelist"))
            mine = [p for p in paths if p.endswith("/change/") or p == dashboard]
            theirs = {language: set() for language in pages}
            walk(pages, seeded_server, mine, username, found, theirs)
            content = {p for p in mine if p.startswith(("cards/", "legislation/"))}
            for language in LANGUAGES:
                assert {dashboard, *content} <= theirs[language], theirs[language]
        else:
            walk(pages, seeded_server, paths, username, found, reached)
        if username == "editor":
            for language, page in pages.items():
                for name in upload_previews(page, seeded_server, language):
                    assert page.locator(".errornote").count() == 0, (language, name)
                    record(found, f"{username} {language} {name}", axe_violations(page))
        for page in pages.values():
            page.context.close()
    report = "\n".join(
        f"{screen}: {v['id']} ({v['impact']}, {v['count']}): {v['nodes']}"
        for screen, violations in found.items()
        for v in violations
    )
    assert found == {}, report
    # Every list, change form and history was reached in every language (a 403 or 404 would
    # silently shrink the walk).
    for language in LANGUAGES:
        assert set(must_reach) <= reached[language], set(must_reach) - reached[language]


def make_outdated():
    """A translation whose source changed since: the dashboard shows an "outdated" row."""
    article = Article.objects.order_by("pk").first()
    source = registry.column("text", registry.SOURCE_LANGUAGE)
    setattr(article, source, getattr(article, source) + "（修订）")
    article.save()


def version_compare():
    """The compare screen between the oldest and newest saved versions of a kind's sample."""
    for model, model_admin in project_model_admins():
        obj = sample(model, model_admin)
        if obj is None or not hasattr(model_admin, "compare_view"):
            continue
        revisions = sorted(v.revision_id for v in Version.objects.get_for_object(obj))
        if len(revisions) > 1:
            url = reverse(admin_urlname(model, "compare"), args=[obj.pk])
            return f"{admin_path(url)}?a={revisions[0]}&b={revisions[-1]}"
    raise AssertionError("no object with two saved versions to compare")


def admin_urlname(model, view):
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"


@pytest.mark.backend_independent
def test_dark_theme_popups_narrow_filtered_lists_and_an_outdated_row(seeded_server, open_page):
    """What the full walk leaves out, kept cheap: the screens with the project's own CSS (change
    forms, history, compare, publish, the dashboard with an outdated row) in the dark theme;
    the related-object popups (no header: the language switch's label must be elsewhere); and
    the filtered lists at 360 px, whose "N total" link sits in grey text."""
    make_users()
    make_outdated()
    dashboard = admin_path(reverse("admin:translations_translationstate_changelist"))
    # The content kinds (the editors' and translators' own), by their list's path.
    lists = {
        model: admin_path(reverse(admin_urlname(model, "changelist")))
        for model, model_admin in project_model_admins()
        if isinstance(model_admin, ContentAdmin)
    }
    content = [p for p in admin_paths() if p.startswith(tuple(lists.values()))]
    dark = [p for p in content if p.endswith(("/change/", "/history/", "/publish/"))]
    dark += [p for p in content if "/compare/" in p] + [dashboard, version_compare()]
    popups = [
        f"{p}?_to_field=id&_popup=1"
        for p in content
        if p.endswith("/add/") or (p.startswith(lists[Comparison]) and p.endswith("/change/"))
    ]
    status = f"translation_{registry.column('', registry.target_languages()[0]).lstrip('_')}"
    filtered = [f"{path}?{status}=outdated" for path in lists.values()]
    found = {}
    runs = (
        ("editor dark", 1280, "dark", dark),
        ("translator dark", 1280, "dark", [dashboard]),
        ("translator", 1280, "light", [dashboard]),
        ("editor popup", 1280, "light", popups),
        ("editor 360", 360, "light", filtered),
    )
    for who, width, scheme, screens in runs:
        pages = {
            language: open_page(width, bypass_csp=True, color_scheme=scheme)
            for language in LANGUAGES
        }
        for page in pages.values():
            sign_in(page, seeded_server, who.split()[0])
        reached = {language: set() for language in LANGUAGES}
        walk(pages, seeded_server, screens, who, found, reached)
        for language, page in pages.items():
            assert set(screens) <= reached[language], set(screens) - reached[language]
            if screens == [dashboard]:
                assert page.locator(".status-outdated").count() >= 1
            if screens is filtered:  # the page walked last shows the "N total" link
                assert page.locator("#changelist-search .quiet a").count() == 1
            page.context.close()
    report = "\n".join(
        f"{screen}: {v['id']} ({v['impact']}, {v['count']}): {v['nodes']}"
        for screen, violations in found.items()
        for v in violations
    )
    assert found == {}, report


FOCUSED = """() => { const e = document.activeElement;
    return {id: e.id, name: e.getAttribute("name"), role: e.getAttribute("role"), type: e.type,
            inContent: e.closest("#content") !== null,
            controls: e.getAttribute("aria-controls"), href: e.getAttribute("href"),
            outline: getComputedStyle(e).outlineStyle}; }"""


def tab_to(page, wanted, limit=400):
    """Press Tab until the focused element matches `wanted(focused)`; return it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the control ({limit} presses)")


def test_a_translation_is_edited_saved_and_published_with_the_keyboard(seeded_server, open_page):
    """An editor in the Chinese admin, keyboard only: Tab to the title's language tabs, arrow
    to English, Tab into its field, type, Tab to "save and continue", Enter; Tab to "publish",
    Enter, and confirm. The tabs are WAI-ARIA tabs: one focus stop, arrows/Home/End move."""
    make_users()
    comparison = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    new_title = "Citizen card or social security card: which do I need?"
    page = open_page(1280)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, seeded_server, "editor")
    page.goto(f"{seeded_server.url}/zh-hans/admin/cards/comparison/{comparison.pk}/change/")
    # No focusable control inside a tab: the tab itself is the only stop.
    assert page.locator("[role=tab] :is(a[href], button, input, [tabindex])").count() == 0

    zh_tab = tab_to(page, lambda f: f["controls"] == "tab_id_title_zh_hans")
    assert zh_tab["role"] == "tab" and zh_tab["outline"] != "none"
    # The tabs in the settings' order: the source first, English (here) last.
    tabs = [f"tab_id_{registry.column('title', code)}" for code in registry.languages()]
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED)["controls"] == tabs[1]
    page.keyboard.press("Home")
    assert page.evaluate(FOCUSED)["controls"] == "tab_id_title_zh_hans"
    page.keyboard.press("End")
    assert page.evaluate(FOCUSED)["controls"] == "tab_id_title_en"
    english = page.locator('[role=tab][aria-controls="tab_id_title_en"]')
    page.wait_for_function(
        "() => document.querySelector('#id_title_en').checkVisibility()", timeout=3000
    )
    assert english.get_attribute("aria-selected") == "true"
    assert english.get_attribute("tabindex") == "0"  # roving: the chosen tab is the one stop
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["id"] == "id_title_en"  # into the English panel
    page.keyboard.press("Control+A")
    page.keyboard.type(new_title)

    tab_to(page, lambda f: f["name"] == "_continue")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".messagelist li").count() >= 1
    assert page.locator(".errornote").count() == 0
    comparison.refresh_from_db()
    assert services.draft_of(comparison) is not None  # saved as a draft of the live page

    tab_to(page, lambda f: (f["href"] or "").endswith("/publish/"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if page.locator("input[name=confirm_translations]").count():
        tab_to(page, lambda f: f["name"] == "confirm_translations")
        page.keyboard.press("Space")
    tab_to(page, lambda f: f["type"] == "submit" and f["inContent"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/change/")
    assert errors == []
    comparison.refresh_from_db()
    assert comparison.title_en == new_title
    assert services.draft_of(comparison) is None
