"""No machine conversion passes for a reviewed translation: a crawl of every page of the seed
in each converted language finds each machine-converted field value shown and checks that a
reader is told it is a conversion, by a note or mark beside it, or by a statute page's notice
for a statute's own words."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.contenttypes.models import ContentType

from questions.models import Topic
from tests.translations.test_conversion import CONVERTED, converted_paths
from translations import registry
from translations.models import TranslationState
from translations.tracking import is_unreviewed

# The element a value is shown in, whose note follows inside it or right after it.
BLOCKS = {"li", "p", "h1", "h2", "h3", "h4", "dd", "td", "th", "figcaption"}
MACHINE_NOTES = ".note--machine, .note--machine-mark"
# Where a value's note is looked for no further.
STOP = {"main", "section", "article", "aside", "header", "ul", "ol", "table", "nav", "form"}


def machine_values(language):
    """{text: is a statute field} of every unreviewed machine-converted value in `language`."""
    values = {}
    states = TranslationState.objects.filter(language=language, machine=True)
    by_type = {}
    for state in states:
        by_type.setdefault(state.content_type_id, []).append(state)
    for ct_id, rows in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        objects = model._base_manager.in_bulk({row.object_id for row in rows})
        for row in rows:
            obj = objects.get(row.object_id)
            text = registry.translation_text(obj, row.field, language).strip() if obj else ""
            # Long texts are rendered as paragraphs (markdown, line breaks): their notes are
            # checked by the page tests; a value shown as one text node is found here.
            if text and "\n" not in text and is_unreviewed(row, text):
                statute = registry.is_statute_field(model, row.field)
                values[text] = values.get(text, True) and statute
    return values


def is_marked(node, statute, list_of_laws):
    # A law's or an article's page, or a section quoting articles, says once that a statute's
    # text is converted; a list of laws marks each title, as it marks each summary.
    notice = any(parent.select_one(".notice--statute") for parent in node.parents)
    if statute and not list_of_laws and notice:
        return True
    for parent in node.parents:
        if parent.name in STOP:
            return False
        # A note in the value's own block (a mark after a title), or right after the element
        # that holds the value (a paragraph after a heading or a text).
        if parent.name in BLOCKS and parent.select_one(MACHINE_NOTES):
            return True
        after = parent.find_next_sibling()
        if after is not None and after.select_one(MACHINE_NOTES) or is_note(after):
            return True
    return False


def is_note(element):
    return element is not None and "note--machine" in (element.get("class") or [])


def unmarked_values(html, values, list_of_laws=False):
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    for skipped in main.select(".visually-hidden"):
        skipped.decompose()
    found = []
    for node in main.find_all(string=True):
        text = node.strip()
        if node.parent.name == "dt":
            continue  # a label of the interface that happens to read as a field value
        if text in values and not is_marked(node, values[text], list_of_laws):
            found.append(text)
    # A mark is explained by its list's note, said before it.
    for mark in main.select(".note--machine-mark"):
        note = mark.find_previous("p", class_="note--machine")
        if note is None or "※" not in note.get_text():
            found.append(f"※ without a note: {mark.parent}")
    return found


@pytest.mark.parametrize("language", CONVERTED)
def test_every_machine_converted_value_shown_is_marked(client, seeded, language):
    values = machine_values(language)
    assert len(values) > 50  # the seed is converted, not reviewed
    paths = converted_paths(client, language) + [f"/{language}/guide/", f"/{language}/"]
    paths += [f"/{language}/questions/topics/{topic.slug}/" for topic in Topic.objects.all()]
    failures = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        list_of_laws = path in (f"/{language}/", f"/{language}/laws/")
        unmarked = unmarked_values(response.content.decode(), values, list_of_laws)
        if unmarked:
            failures[path] = unmarked[:5]
    assert not failures, "\n".join(f"{path}: {texts}" for path, texts in failures.items())
