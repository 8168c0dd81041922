"""What changed between two snapshots (see publishing.versioning), field by field, for people:
fields named in the reader's language ("Title (English)"), related rows by name, long texts
compared word by word (character by character for Chinese)."""

import difflib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, pgettext
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from reversion.models import Revision, Version

from .models import RevisionKind
from .punctuation import colon, join_clauses, join_list
from .versioning import owner_path, same, versions_of

# A Han character is a word of its own; other text splits into words, spaces and punctuation.
_TOKENS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    language: str | None = None  # of the text, for a translation column
    whole: bool = False  # a linked row's name: replaced whole, not word by word

    @property
    def diff(self):
        return whole_diff(self.old, self.new) if self.whole else word_diff(self.old, self.new)


@dataclass
class ObjectChange:
    label: str
    status: str  # "added", "removed" or "changed"
    fields: list = field(default_factory=list)


def _marked(tag, label, text):
    """<del>/<ins> that also say what they are in words (visually hidden), so that a change is
    not told by colour alone; the words are in the reader's language, marked so, as the text
    around them may be in another."""
    return format_html(
        '<{tag}><span class="visually-hidden" lang="{lang}">{start}</span>{text}'
        '<span class="visually-hidden">{end}</span></{tag}>',
        tag=tag,
        lang=get_language(),
        start=gettext("[%(change)s: ") % {"change": label},
        text=text,
        end=pgettext("end of a change's label", "]"),
    )


def word_diff(old, new):
    """HTML of `new` with what was removed in <del> and what was added in <ins>."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[a1:a2])))
            continue
        if a2 > a1:
            parts.append(_marked("del", gettext("deleted"), "".join(a[a1:a2])))
        if b2 > b1:
            parts.append(_marked("ins", gettext("inserted"), "".join(b[b1:b2])))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def whole_diff(old, new):
    """ "<del>old name</del> → <ins>new name</ins>": for values that are names of linked rows,
    where a word-by-word diff would splice two names into one."""
    parts = []
    if old:
        parts.append(_marked("del", gettext("deleted"), old))
    if new:
        parts.append(_marked("ins", gettext("inserted"), new))
    return mark_safe(" → ".join(parts))  # noqa: S308 - _marked escapes the names


def field_label(model, name):
    """ "Title (English)" / "标题（英语）" for a translation column, else the verbose name."""
    model_field = model._meta.get_field(name)
    original = getattr(model_field, "translated_field", None)
    if original is None:
        return capfirst(model_field.verbose_name)
    return gettext("%(field)s (%(language)s)") % {
        "field": capfirst(original.verbose_name),
        "language": language_name(model_field.language),
    }


def language_name(code):
    return str(dict(settings.LANGUAGES).get(code, code))


def object_label(version):
    """「卡种：市民卡」/ "Card type: Citizen card": the object's name in the reader's language
    where the version holds one (object_repr was stored in whatever language saved it)."""
    return f"{capfirst(version._model._meta.verbose_name)}{colon()}{_object_name(version)}"


def _object_name(version):
    model = version._model
    attnames = {f.attname for f in model._meta.concrete_fields}
    try:
        values = {k: v for k, v in version.field_dict.items() if k in attnames}
        return str(model(**values)) or version.object_repr
    except Exception:  # noqa: BLE001 - an old version that no longer fits the model
        return version.object_repr


def _shown_fields(model, names):
    """Every field an editor can change. Left out: ids and bookkeeping (published flag,
    timestamps), and an inline row's own link to the row it belongs to (its place in the tree
    says it). Any other foreign key is content, even to a model that has inline rows of its
    own: a task's comparison point, an article's law, a citation's article."""
    parent = (owner_path(model) or "").split("__")[0]
    for name in names:
        model_field = model._meta.get_field(name)
        if model_field.primary_key or not model_field.editable:
            continue
        if model_field.name == parent:
            continue
        yield model_field


def _display(model_field, value, names):
    if value in (None, "", []):
        return ""
    if isinstance(model_field, models.ManyToManyField):
        return join_list(names.get((model_field.related_model, pk), str(pk)) for pk in value)
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), str(value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(model_field, models.DateTimeField):
        return formats.localize(value.astimezone() if value.tzinfo else value)
    return str(value)


def _related_names(versions):
    """str() of every object a foreign key or many-to-many field points at, a query per model."""
    wanted = {}
    for version in versions:
        for name, value in version.field_dict.items():
            model_field = version._model._meta.get_field(name)
            if model_field.is_relation and value not in (None, []):
                ids = value if isinstance(value, list) else [value]
                wanted.setdefault(model_field.related_model, set()).update(ids)
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model, obj.pk)] = str(obj)
    return names


def compare(old, new):
    """[ObjectChange] from snapshot `old` to snapshot `new`; unchanged objects are left out."""
    names = _related_names([*old.values(), *new.values()])
    changes = []
    for key in [*new, *(key for key in old if key not in new)]:
        before, after = old.get(key), new.get(key)
        version = after or before
        model = version._model
        old_values = before.field_dict if before else {}
        new_values = after.field_dict if after else {}
        fields = []
        for model_field in _shown_fields(model, version.field_dict):
            was = _display(model_field, old_values.get(model_field.attname), names)
            now = _display(model_field, new_values.get(model_field.attname), names)
            if was != now:
                language = getattr(model_field, "language", None)  # modeltranslation's column
                label = field_label(model, model_field.name)
                fields.append(FieldChange(label, was, now, language, model_field.is_relation))
        status = "changed" if before and after else ("added" if after else "removed")
        if fields or status != "changed":
            changes.append(ObjectChange(object_label(version), status, fields))
    return changes


def changed_labels(old, new):
    """Short names of what changed: the object's own fields ("Title (English)"), then its
    inline rows by name ("Comparison point: Issuer")."""
    root = object_label(next(iter(new.values()))) if new else None
    labels = []
    for change in compare(old, new):
        if change.label == root and change.status == "changed":
            labels.extend(f.label for f in change.fields)
        else:
            labels.append(change.label)
    return labels


def translation_gaps(new, outdated=()):
    """Where the state `new` lacks a translation, or keeps one that its source text outgrew
    (`outdated`: services.outdated_by_draft()): [(object label, field label, "missing" |
    "outdated")]."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    others = [code for code, _name in settings.LANGUAGES if code != source]
    gaps = []
    for key, version in new.items():
        try:
            originals = translator.get_options_for_model(version._model).all_fields
        except NotRegistered:
            continue
        values = version.field_dict
        for original in originals:
            source_name = build_localized_fieldname(original, source)
            if not values.get(source_name):
                continue
            for code in others:
                name = build_localized_fieldname(original, code)
                label = field_label(version._model, name)
                if not values.get(name):
                    # A language made by machine conversion is filled when the row is saved.
                    if code not in getattr(settings, "MACHINE_CONVERSION", {}):
                        gaps.append((object_label(version), label, "missing"))
                elif (*key, name) in outdated:
                    gaps.append((object_label(version), label, "outdated"))
    return gaps


def parent_key(version):
    """The history key of the row `version`'s row belongs to (versioning.owner_path's first
    step: a point text's point), or None for a top object."""
    path = owner_path(version._model)
    if not path:
        return None
    model_field = version._model._meta.get_field(path.split("__")[0])
    value = version.field_dict.get(model_field.attname)
    return (ContentType.objects.get_for_model(model_field.related_model).pk, str(value))


# Revisions that change what is public, not what the form holds: a form built before one of
# them is refused even when the content is the same (the editor learns of the publication).
PUBLICATION_KINDS = (
    RevisionKind.Kind.PUBLISHED,
    RevisionKind.Kind.UNPUBLISHED,
    RevisionKind.Kind.SCHEDULED,
)


@dataclass
class Meanwhile:
    """What happened to an object between two of its revisions, as far as the net difference
    (compare()) cannot tell: rows added and deleted again, fields changed and changed back."""

    people: list = field(default_factory=list)  # who saved the revisions after the first
    passing: list = field(default_factory=list)  # labels of rows added and deleted again
    changed_back: list = field(default_factory=list)  # labels changed, then changed back
    same: bool = False  # both revisions hold the same content
    publication: bool = False  # published, unpublished or scheduled in between

    @property
    def anything(self):
        return bool(self.passing or self.changed_back)


def meanwhile(obj, old_id, new_id):
    """The Meanwhile of `obj` from revision `old_id` to revision `new_id` (later)."""
    found = Meanwhile()
    ids = Version.objects.get_for_object(obj).filter(revision_id__gt=old_id or 0)
    revisions = list(
        Revision.objects.filter(pk__in=ids.filter(revision_id__lte=new_id).values("revision_id"))
        .select_related("user", "kind")
        .order_by("pk")
    )
    old = Revision.objects.filter(pk=old_id).first() if old_id else None
    if old is None or not revisions or revisions[-1].pk != new_id:
        return found
    found.people = sorted(
        {str(r.user.get_username()) if r.user else gettext("someone") for r in revisions}
    )
    found.publication = any(
        getattr(getattr(r, "kind", None), "kind", None) in PUBLICATION_KINDS for r in revisions
    )
    states = [versions_of(old), *(versions_of(r) for r in revisions)]
    first, last = states[0], states[-1]
    found.same = same(first, last)
    net = set(changed_labels(first, last))
    passing = {}
    for state in states[1:-1]:
        for key, version in state.items():
            if key not in first and key not in last:
                passing[key] = version  # the last version seen of it
    for version in passing.values():
        if parent_key(version) not in passing:  # a point's texts go with their point
            found.passing.append(object_label(version))
    # Labels of rows added and deleted again (and of their texts) are told as such.
    known = net | {object_label(version) for version in passing.values()}
    for before, after in zip(states, states[1:], strict=False):
        for label in changed_labels(before, after):
            if label not in known and label not in found.changed_back:
                found.changed_back.append(label)
    return found


def meanwhile_text(found):
    """ "rows added and deleted again: …; changed and changed back: …" (or "")."""
    parts = []
    if found.passing:
        parts.append(
            gettext("rows added and deleted again: %(rows)s") % {"rows": join_list(found.passing)}
        )
    if found.changed_back:
        parts.append(
            gettext("changed and changed back: %(fields)s")
            % {"fields": join_list(found.changed_back)}
        )
    return join_clauses(parts)
