"""Languages are data (settings.LANGUAGES, read through translations.registry): no module or
template names a language or a per-language column by hand (`title_zh_hans`, `text_en`,
"zh-hans" used as a language choice). A third language is then a settings change plus
migrations. This test scans the project's Python (its syntax tree: comments and docstrings
may explain with examples) and templates (inside {{ }} and {% %}, and lang="…" attributes).

ALLOWED names each file that may still do so, with the reason; the goal is none.
"""

import ast
import re
import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

ALLOWED = {
    "portal/settings/base.py": "where the languages are declared (LANGUAGES, Open Graph locales)",
    "legislation/parsing.py": "a pure parser (no Django): the statute formats it reads, by name",
    "search/query.py": 'a regular expression group named "en" for "Article 2" (not a column)',
}
ALLOWED_DIRS = {
    "tests/": "test data: factories and assertions name the columns they fill and read",
    "scripts/": "benchmarks and screenshots: throwaway data, as in the seeds",
}


def _codes():
    return [code for code, _name in settings.LANGUAGES]


def _suffixes():
    return [code.replace("-", "_") for code in _codes()]


def _column_re():
    return re.compile(rf"\b[a-z][a-z0-9_]*_({'|'.join(_suffixes())})\b")


def _is_allowed(path):
    return (
        path in ALLOWED
        or any(path.startswith(folder) for folder in ALLOWED_DIRS)
        or "/migrations/" in path
        or "/seed" in path  # seed loaders and their data (cards/seed.py, legislation/seed/…)
        or "seed_" in path
    )


def _project_files(*patterns):
    """The project's files (git's list: not the virtualenv, static files or other clutter)."""
    listed = subprocess.run(
        ["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True, check=True
    )
    files = [path for path in listed.stdout.split() if path]
    assert files, "git lists no project file: run from a clone"
    return files


def _docstrings(tree):
    nodes = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            nodes.add(id(first.value))
    return nodes


def python_literals(source):
    """[(line, text)] of language names and per-language column names in Python code."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    column, codes = _column_re(), set(_codes()) | set(_suffixes())
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings:
                continue
            if node.value in codes or column.search(node.value):
                found.append((node.lineno, node.value))
            continue
        if isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        elif isinstance(node, ast.keyword) and node.arg:
            names = [node.arg]
        found += [(node.lineno, name) for name in names if column.fullmatch(name)]
    return found


def template_literals(source):
    column, codes = _column_re(), "|".join(map(re.escape, _codes()))
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", line):
            if column.search(tag) or re.search(rf"[\"']({codes})[\"']", tag):
                found.append((number, tag))
        found += [(number, m[0]) for m in re.finditer(rf"\blang=\"({codes})\"", line)]
    return found


def test_no_language_is_named_by_hand_outside_the_allowed_places():
    found = []
    for path in _project_files("*.py"):
        if not _is_allowed(path):
            source = (ROOT / path).read_text(encoding="utf-8")
            found += [f"{path}:{line}: {text}" for line, text in python_literals(source)]
    for path in _project_files("*.html"):
        if not _is_allowed(path):
            source = (ROOT / path).read_text(encoding="utf-8")
            found += [f"{path}:{line}: {text}" for line, text in template_literals(source)]
    assert found == [], "\n".join(found)


def test_the_scan_finds_what_it_is_for():
    """The scanner itself: hand-written columns and codes are found, explanations are not."""
    code = '''
"""Docstring: title_zh_hans is fine here."""
def f(obj):
    """So is text_en."""
    # and text_en in a comment
    obj.text_en = 1
    return obj.filter(law__title_zh_hans="x", lang="zh-hans"), Law(title_en="y")
'''
    found = [text for _line, text in python_literals(code)]
    assert sorted(found) == sorted(["text_en", "law__title_zh_hans", "zh-hans", "title_en"])
    page = '<p lang="zh-hans">{{ obj.text_en }}</p><p class="parallel__en">{% t "en" %}</p>'
    assert [text for _line, text in template_literals(page)] == [
        "{{ obj.text_en }}",
        '{% t "en" %}',
        'lang="zh-hans"',
    ]


def test_every_allowed_place_still_needs_its_exception():
    """An allow-list entry whose file no longer names a language must go (the list shrinks)."""
    stale = []
    for path in ALLOWED:
        source = (ROOT / path).read_text(encoding="utf-8")
        literals = python_literals(source) if path.endswith(".py") else template_literals(source)
        if not literals:
            stale.append(path)
    assert stale == []
