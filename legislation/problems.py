"""What the importer says is wrong with a file, in the user's language.

legislation.parsing stays free of Django, so it reports problems as English message templates
with parameters (parsing.Problem); this module lists every template for translation and
renders a problem in the active language.
"""

from django.utils.translation import gettext, gettext_noop, pgettext_lazy

from translations.typography import join_list

# The statute divisions, as the Chinese templates use them: 第{number}{kind} → 第4条.
KINDS = {
    "article": pgettext_lazy("statute division", "article"),
    "chapter": pgettext_lazy("statute division", "chapter"),
    "section": pgettext_lazy("statute division", "section"),
    "part": pgettext_lazy("statute division", "part"),
}

# Every template of legislation.parsing and legislation.importer, so that makemessages finds
# them (test_every_problem_template_is_listed keeps the list complete).
TEMPLATES = [
    gettext_noop("{kind} {number} is duplicate (expected {expected})"),
    gettext_noop("{kind} {number} is out of order (expected {expected})"),
    gettext_noop("{kind} {number} skips {kind} {expected}"),
    gettext_noop("expected the title, found a heading: {line}"),
    gettext_noop("the text is empty"),
    gettext_noop("no articles found (an article line starts with 第…条 and a space)"),
    gettext_noop("no articles found (an article is labelled Article N on its own line)"),
    gettext_noop("text outside any article: {line}"),
    gettext_noop("text before the first heading: {line}"),
    gettext_noop("bad {kind} number {numeral}"),
    gettext_noop("{kind} {number} has no text (a bare label)"),
    gettext_noop("articles come before the first chapter"),
    gettext_noop("section {number} comes before any chapter"),
    gettext_noop(
        "section {number} follows articles of chapter {chapter} that are in no section "
        "(mixed-up sections)"
    ),
    gettext_noop("article {number} has no text"),
    gettext_noop("{kind} {number} is {length} characters long, more than the limit of {limit}"),
    gettext_noop("chapter {number} has no articles"),
    gettext_noop("section {number} of chapter {chapter} has no articles"),
    gettext_noop("unknown language {language}"),
    gettext_noop("no law {slug}: import its Chinese text first"),
    gettext_noop(
        "the law has articles the file lacks ({numbers}): delete them in the admin first if "
        "they were repealed"
    ),
    gettext_noop("a new law needs a dated 题注 line or a version date for its adoption"),
    gettext_noop("article {number} is not in today's law"),
    gettext_noop("{kind} {number} is not in the Chinese law"),
    gettext_noop("{kind} {number} of the Chinese law is missing"),
    gettext_noop("section {number} of chapter {chapter} is not in the Chinese law"),
    gettext_noop("section {number} of chapter {chapter} of the Chinese law is missing"),
    gettext_noop("article {number} is in another chapter or section than in Chinese"),
    gettext_noop("expected the title, found a 题注 line: {line}"),
    gettext_noop("control character {code} in the text"),
    gettext_noop("not a heading in the table of contents (目录): {line}"),
    gettext_noop("not Chinese text: {line}"),
    gettext_noop("not English text: {line}"),
    gettext_noop("the text is {size} bytes, more than the limit of {limit}"),
    gettext_noop(
        "the title line {title} is not the law's title {current}: is this the text of another "
        "law, or is its title line missing? To rename the law, choose rename"
    ),
    gettext_noop(
        "the text names no in-force date (本法自…起施行): the adoption date {date} is used; give "
        "the in-force date if it differs"
    ),
    gettext_noop("another law has the title {title} ({slug}): is this the same law?"),
    gettext_noop("{slug} is not a valid slug (letters, digits, hyphens and underscores only)"),
    gettext_noop("Unicode noncharacters removed: {count} ({codes})"),
    gettext_noop("Unicode noncharacters removed from article {number}: {count} ({codes})"),
]


def problem_message(problem):
    """The problem's message in the active language."""
    params = {
        name: KINDS.get(value, value) if name == "kind" else value
        for name, value in problem.params.items()
    }
    params = {  # a list in the language's marks: 「U+FFFE、U+FDD0」
        name: join_list(value) if isinstance(value, list) else value
        for name, value in params.items()
    }
    return gettext(problem.template).format(**params)
