"""Editors' text: how it is stored, compared and shown.

Stored. Every save of public content (the content apps of publishing.registry) normalises its
text fields: Windows (CRLF) and old Mac (CR) line ends become LF, and whitespace at the end of
each line and of the text is dropped. Browsers submit every textarea with CRLF line ends, so
without this a translator who only fills in English would change the stored Chinese too.
The admin's form fields compare normalised values (PlainTextField, see
publishing.adminparts.PlainTextPolicy), so such a save records "No fields changed.".

Control characters (NUL, ESC, DEL, the C1 range …) and the line and paragraph separators
U+2028/U+2029 are never text: XML 1.0 forbids most of them (the Atom feed could not be written)
and HTML forbids them too. Nor are Unicode's noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF …),
which XML 1.0 forbids as well. The admin's form fields refuse them with a message naming the code
point (PlainTextField); every save of public content stores the text without them (a
separator becomes a line end), so a PO import, a seed or a script cannot store one either.

Shown. Editors' text is plain text everywhere: templates escape it (autoescaping, never
|safe) and make paragraphs and line breaks from its line ends (linebreaks). No field accepts
markup, so there is no HTML to sanitise.

Links. A link field (URLField) of public content holds a web address or nothing: the model
field's validator (validate_web_url) gives editors a form error, and every save refuses any
other scheme (javascript:, data:, …), so a seed file, a fixture or a script cannot store one
either; QuerySet.update(), bulk_create() and bulk_update() of publishable models check them too.
An object whose stored link is not a web address (written before these checks) cannot be
saved until the link is fixed: a form that does not show the field (a translator's) says so
as a form error (Publishable.full_clean). The API gives such a link as null.
Templates show a link through |web_url (publishing.templatetags.safe_links), which drops
anything that is not http(s), should one have reached the database some other way.
"""

import re
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

from . import registry

# The most characters a long text of the content (a card type's summary, a comparison's
# introduction or point text, a law's summary) may have: far beyond any real one, so a longer
# text is a pasted mistake. It also bounds what the search indexes (search/0004's grams).
# An article's text has its own limit, the same today (legislation.parsing.ARTICLE_MAX_LENGTH).
TEXT_MAX_LENGTH = 20_000


def limited(limit=TEXT_MAX_LENGTH):
    """A TextField's arguments for at most `limit` characters: the admin's forms refuse more
    (max_length), so does full_clean() (the validator); the database does not check it."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit)]}


WEB_SCHEMES = ("http", "https")
NOT_A_WEB_URL = _("Enter a web address that starts with http:// or https://.")


class WebURLValidator(URLValidator):
    """Django's URLValidator, also refusing what a well-formed URI never holds raw (RFC 3986:
    quotes, angle brackets, backslashes, whitespace, …): URLValidator lets them through
    in the path, and the API promises `format: uri`."""

    unsafe = re.compile(r"[\s\"'<>\\`{}|^]")

    def __call__(self, value):
        if isinstance(value, str) and self.unsafe.search(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        super().__call__(value)


# A code of its own: the model field would replace the message of an "invalid" error with
# its generic "Enter a valid URL.".
validate_web_url = WebURLValidator(schemes=WEB_SCHEMES, message=NOT_A_WEB_URL, code="not_web_url")


# After line ends are made LF: what is never text (the law importer refuses the same set,
# legislation.parsing.CONTROL_RE). Tab and LF are text.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
SEPARATORS_RE = re.compile(r"[\u2028\u2029]")
CONTROL_CHARACTER = _(
    "Remove the control character %(codes)s: it is not text (perhaps pasted from another "
    "program) and would break the pages and the feed."
)
# Unicode's noncharacters: U+FDD0–U+FDEF and the last two code points of each of the 17
# planes (U+FFFE, U+FFFF … U+10FFFE, U+10FFFF), reserved for programs' internal use.
NONCHARACTER_RE = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)
NONCHARACTER = _(
    "Remove the noncharacter %(codes)s: Unicode reserves it for programs' own use, it is not "
    "text (perhaps pasted from another program)."
)


def _code_points(regex, value):
    return list(dict.fromkeys(f"U+{ord(char):04X}" for char in regex.findall(value)))


def control_characters(value):
    """The code points ("U+001B") of the control characters in `value`, in order, once each."""
    return _code_points(CONTROL_RE, value.replace("\r\n", "\n").replace("\r", "\n"))


def noncharacters(value):
    """The code points ("U+FFFF") of the noncharacters in `value`, in order, once each."""
    return _code_points(NONCHARACTER_RE, value)


def strip_noncharacters(value):
    """`value` without its noncharacters: what normalise_text() drops, for text written
    without a model's save (the law importer's bulk writes)."""
    return NONCHARACTER_RE.sub("", value)


def normalise_text(value):
    """LF line ends, no whitespace at the end of a line or of the text (leading whitespace,
    such as an indented first line, is kept), no control characters (a line or paragraph
    separator becomes a line end), no noncharacters."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = strip_noncharacters(CONTROL_RE.sub("", SEPARATORS_RE.sub("\n", value)))
    lines = value.split("\n")
    return "\n".join(line.rstrip() for line in lines).rstrip()


def is_web_url(value):
    """True for a well-formed http(s) address (validate_web_url): no javascript:, and no
    "java\\tscript:" either (whitespace is refused)."""
    try:
        validate_web_url(value)
    except ValidationError:
        return False
    return True


def is_plain_text(field):
    """A model field holding free text (translated columns included): not a slug, address,
    e-mail or choice, whose values have rules of their own."""
    return (
        isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.URLField | models.EmailField)
        and not field.choices
    )


@cache
def _fields(model):
    fields = model._meta.concrete_fields
    return (
        [field.attname for field in fields if is_plain_text(field)],
        [field for field in fields if isinstance(field, models.URLField)],
    )


def invalid_links(model, values):
    """The names of the link fields of `model` whose value in `values` ({name or attname:
    value}) is set but not a web address."""
    return [
        field.name
        for field in _fields(model)[1]
        for key in {field.name, field.attname}
        if (value := values.get(key)) and not (isinstance(value, str) and is_web_url(value))
    ]


def check_links(model, values):
    """Refuse, as a ValidationError per field, any link in `values` that is not a web
    address: for the writes that send no pre_save signal (QuerySet.update, bulk_create,
    bulk_update; see publishing.models.PublishableQuerySet)."""
    if not registry.is_content(model):
        return
    if names := invalid_links(model, values):
        error = ValidationError(NOT_A_WEB_URL, code="not_web_url")
        raise ValidationError(dict.fromkeys(names, error))


def clean_on_save(sender, instance, raw=False, **kwargs):
    if not registry.is_content(sender):
        return
    # Links are checked on every save, fixtures (raw) included: a seed or a dump must not
    # bring in a javascript: link either.
    check_links(sender, instance.__dict__)
    if raw:
        return
    for attname in _fields(sender)[0]:
        # instance.__dict__, not getattr(): a translated field's plain attribute reads and
        # writes the active language's column (modeltranslation), never the one we want.
        value = instance.__dict__.get(attname)
        if isinstance(value, str):
            instance.__dict__[attname] = normalise_text(value)


def connect_signals():
    pre_save.connect(clean_on_save, dispatch_uid="publishing-clean-text-on-save")


class PlainTextField(forms.CharField):
    """A form field for plain text that cleans to, and compares by, normalise_text(): a
    resubmitted field that differs only in line ends or trailing spaces has not changed. A
    control character or a noncharacter is refused, naming its code point, rather than
    dropped unseen."""

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, str) and (codes := control_characters(value)):
            raise ValidationError(
                CONTROL_CHARACTER, code="control_character", params={"codes": ", ".join(codes)}
            )
        if isinstance(value, str) and (codes := noncharacters(value)):
            raise ValidationError(
                NONCHARACTER, code="noncharacter", params={"codes": ", ".join(codes)}
            )
        return normalise_text(value) if isinstance(value, str) else value

    def has_changed(self, initial, data):
        if isinstance(initial, str):
            initial = normalise_text(initial)
        return super().has_changed(initial, data)
