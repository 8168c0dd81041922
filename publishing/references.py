"""What refers to rows about to be deleted: live rows (publishing.deletion's guards, read from
the registry's `refers_to`) and pending drafts of other objects (their index of links,
publishing.links.drafts_referring). One answer for every way an editor deletes: the delete
page and "delete selected" (publishing.adminparts), "delete and repair" (publishing.repair),
an inline row ticked for deletion in its parent's form (a comparison's point), and a draft
that deletes inline rows, at publish (publishing.services). A check that read only the live
rows let a point that only a guide task's draft linked to be deleted, leaving that draft
unable to open.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from . import links
from .deletion import blocking_guards, named_once
from .versioning import owner

DRAFTS_REASON = _("These pending drafts link to it:")


@dataclass(frozen=True)
class References:
    live: list  # [(Guard, [live objects linking to the rows])]: deletion.blocking_guards
    drafted: list  # [(object, [(model, field name)], every link can be cut)] of pending drafts

    def __bool__(self):
        return bool(self.live or self.drafted)

    @property
    def cuttable(self):
        """Something refers to the rows and every such link can be cut (a nullable foreign key,
        a many-to-many field of plain link rows; publishing.links)."""
        return (
            bool(self)
            and all(guard.cut for guard, _referrers in self.live)
            and all(ok for *_found, ok in self.drafted)
        )

    def listed(self):
        """[(reason, [objects])] for an editor: each live referrer once, under the first
        reason that holds it, then the objects whose pending draft links to the rows."""
        listed = named_once(self.live)
        if self.drafted:
            listed.append((DRAFTS_REASON, [obj for obj, *_rest in self.drafted]))
        return listed

    def draft_cuts(self):
        """{(model, field name)} of the links to cut in pending drafts (links.cut_in_drafts):
        the fields the live referrers link through, and those the drafts hold."""
        cuts = {(type(r), guard.cut) for guard, referrers in self.live for r in referrers}
        return cuts | {link for _obj, found, _ok in self.drafted for link in found}


def referring(model, objs):
    """The References to `objs` (rows of `model`) that deleting them would leave pointing at
    nothing. The draft of what the rows belong to is not one of them: a comparison's own
    draft holds its points' texts, which go with the points."""
    owners = {(type(top), top.pk) for top in map(owner, objs) if top is not None}
    drafted = [
        entry
        for entry in links.drafts_referring(model, objs)
        if (type(entry[0]), entry[0].pk) not in owners
    ]
    return References(blocking_guards(model, objs), drafted)


def cut_before_delete(row, *, user):
    """Cut every link to `row`, on live rows and in other objects' pending drafts (each draft
    kept as a new revision without it, so it still opens), before `row` is deleted: an inline
    row ticked for deletion with the cut confirmed. Returns the objects changed; ValueError
    (nothing changed) where a link cannot be cut."""
    references = referring(type(row), [row])
    if not references:
        return []
    if not references.cuttable:
        raise ValueError(f"{row._meta.label} {row.pk}: a link to it cannot be cut")
    changed = links.cut(row, references.live, user=user)
    doomed = {(ContentType.objects.get_for_model(type(row)).pk, str(row.pk))}
    return changed + links.cut_in_drafts(references.draft_cuts(), doomed, user=user)
