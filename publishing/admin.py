"""Admin machinery for publishable, versioned models: drafts of live objects, publish /
unpublish / discard (buttons and list actions), history with differences and revert, and the
refusal of a save built on an older version (no lost updates).

The admin base (translations.contentadmin.PublishedContentAdmin) holds a PublishingWorkflow and
hands it its hooks; its form derives from VersionedForm.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision, Version

from . import services
from .adminparts import admin_link, not_applied_reason, tell_restored
from .diff import changed_labels, compare, meanwhile, meanwhile_text, translation_gaps
from .merge import MERGE_PREFIX, merge_formset, vanished_rows
from .merge import as_cleaned as merge_as_cleaned
from .merge import plan as merge_plan
from .merge import root_values as merge_root_values
from .messagestorage import held_until_done
from .models import Draft, OldSlug, RevisionKind, ScheduledChange
from .punctuation import (
    bracketed,
    colon,
    gap_after,
    join_clauses,
    join_list,
    label_and_list,
    sentences,
)
from .redirects import check_old_slug
from .versioning import (
    earliest_revision_id,
    latest_revision_id,
    revisions_of,
    same,
    snapshot,
    versions_of,
)

REVISION_FIELD = "base_revision"
MERGE_FIELD = "merge_revision"
MERGE_CHOICE = MERGE_PREFIX  # + the field's name: "theirs" or "yours", for a field both changed
MAX_ID = 2**63 - 1  # a larger number cannot be an id (and makes SQLite raise, not answer)


def as_revision_id(value):
    """An id from a query-string or POST value; 0 when it cannot be one."""
    value = str(value or "")
    return int(value) if value.isdigit() and int(value) <= MAX_ID else 0


def admin_url(obj, name, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[obj.pk, *args])


def conflict_message(obj, base, latest, merge=None):
    """Who changed `obj` since revision `base`, what (with what the net difference cannot
    show: rows added and deleted again, fields changed back), where to see it (a new tab, so
    the form and the input in it stay), and, for a form (`merge`), what saving again will
    do. Names, lists and clauses in the admin's language and punctuation."""
    found = meanwhile(obj, base, latest)
    people = found.people or [gettext("someone")]
    old = Revision.objects.filter(pk=base).first() if base else None
    before = versions_of(old) if old else None
    new = Revision.objects.filter(pk=latest).first()
    labels = (
        [str(label) for label in changed_labels(before, versions_of(new))]
        if (before is not None and new)
        else []
    )
    changes = [join_list(labels)] if labels else []
    if found.anything:
        changes.append(meanwhile_text(found))
    refusal = gettext("Not saved: %(people)s changed this since you opened it (%(changes)s).") % {
        "people": join_list(people),
        "changes": join_clauses(changes) or gettext("publication"),
    }
    if merge is None:
        plan = gettext("Your input is kept below and the newer version is kept too.")
    else:
        plan = merge_plan_text(merge)
    text = sentences(refusal, plan)
    try:
        compare_url = admin_url(obj, "compare") + f"?a={base}&b={latest}"
    except NoReverseMatch:  # an admin without the workflow's pages (a topic's)
        return text
    return format_html(
        '{}{}<a href="{}" target="_blank" rel="noopener">{}</a>',
        text,
        gap_after(text),
        compare_url,
        gettext("See what changed (opens in a new tab)"),
    )


# What another editor's step did, as an action's refusal names it ("ed1 unpublished it").
DID = {
    RevisionKind.Kind.PUBLISHED: _("%(people)s published it"),
    RevisionKind.Kind.UNPUBLISHED: _("%(people)s unpublished it"),
    RevisionKind.Kind.DRAFT: _("%(people)s saved a draft of it"),
    RevisionKind.Kind.DISCARDED: _("%(people)s discarded its draft"),
    RevisionKind.Kind.SCHEDULED: _("%(people)s scheduled its changes"),
    RevisionKind.Kind.SAVED: _("%(people)s saved it"),
}
# The steps whose content is told by the fields they changed.
EDITS = (RevisionKind.Kind.DRAFT, RevisionKind.Kind.SAVED)


def what_others_did(obj, base, latest):
    """Clauses, oldest first, naming who did what to `obj` after revision `base` up to
    `latest`, each step by its own kind ("ed1 unpublished it", "ed2 saved a draft of it
    (Title (English))"): a draft's revision and the live rows' are not compared with each
    other (that named a draft's own changes as the other editor's)."""
    ids = Version.objects.get_for_object(obj).values("revision_id")
    revisions = Revision.objects.filter(pk__in=ids).select_related("user", "kind")
    # The step before the first one named: what the first one's changed fields are read from.
    previous = revisions.filter(pk__lte=base or 0).order_by("-pk").first()
    clauses = []
    for revision in revisions.filter(pk__gt=base or 0, pk__lte=latest).order_by("pk"):
        kind = getattr(getattr(revision, "kind", None), "kind", None)
        who = revision.user.get_username() if revision.user else gettext("someone")
        if kind in DID:
            clause = DID[kind] % {"people": who}
        else:
            clause = gettext("%(people)s: %(step)s") % {
                "people": who,
                "step": RevisionKind.Kind(kind).label if kind else gettext("a change"),
            }
        if kind in EDITS and previous is not None:
            labels = changed_labels(versions_of(previous), versions_of(revision))
            if labels:
                clause += bracketed(join_list(str(label) for label in labels))
        if clause not in clauses:
            clauses.append(clause)
        previous = revision
    return clauses


def refusal_message(obj, base, latest, refused):
    """What an editor is told when an action (`refused`: "Not published", in the action's own
    words) is refused because `obj` changed after the page showed revision `base`: who did
    what since, and where to see it (a new tab)."""
    did = what_others_did(obj, base, latest) or [gettext("someone changed it")]
    text = sentences(
        gettext("%(refused)s: since you opened this page, %(what)s.")
        % {"refused": refused, "what": join_clauses(did)},
        gettext("Nothing was changed."),
    )
    try:
        compare_url = admin_url(obj, "compare") + f"?a={base}&b={latest}"
    except NoReverseMatch:
        return text
    return format_html(
        '{}{}<a href="{}" target="_blank" rel="noopener">{}</a>',
        text,
        gap_after(text),
        compare_url,
        gettext("See what changed (opens in a new tab)"),
    )


def unchanged_note(found):
    """What a save is told when the other editors' saves since its form was built left the
    content as it was (publishing.diff.meanwhile): not refused, nothing of theirs changes."""
    what = meanwhile_text(found)
    return gettext(
        "%(people)s saved this since you opened it%(what)s, but left its content as you "
        "opened it: your save changes nothing of theirs."
    ) % {
        "people": join_list(found.people) or gettext("someone"),
        "what": bracketed(what) if what else "",
    }


def merge_plan_text(merge):
    """What saving the refused form again will do (see publishing.merge), clause by clause:
    which of the editor's own changes are saved, which of the other editor's are kept, which
    conflict (marked for a choice), and what became of rows they deleted."""

    def names(keys):
        return join_list(merge.labels[key] for key in keys)

    clauses = []
    if merge.yours:
        clauses.append(
            ngettext(
                "your change to %(fields)s is saved",
                "your changes to %(fields)s are saved",
                len(merge.yours),
            )
            % {"fields": names(merge.yours)}
        )
    if merge.rows_yours:
        clauses.append(
            ngettext(
                "your changes in a row below the form are saved (%(rows)s)",
                "your changes in rows below the form are saved (%(rows)s)",
                len(merge.rows_yours),
            )
            % {"rows": join_list(merge.rows_yours)}
        )
    if merge.rows_deleting:
        clauses.append(
            ngettext(
                "the row you deleted (%(rows)s) is deleted",
                "the rows you deleted (%(rows)s) are deleted",
                len(merge.rows_deleting),
            )
            % {"rows": join_list(merge.rows_deleting)}
        )
    if merge.theirs:
        # Worded around the field's name, so that it reads right whatever the name's number
        # ("Topics", "Title (English)").
        clauses.append(
            ngettext(
                "the other editor's newer value of %(fields)s is kept (you had not changed it)",
                "the other editor's newer values of %(fields)s are kept (you had not changed them)",
                len(merge.theirs),
            )
            % {"fields": names(merge.theirs)}
        )
    if merge.rows_changed:
        nested = (
            gettext(" (and in its %(rows)s)") % {"rows": join_list(merge.nested)}
            if merge.nested
            else ""
        )
        clauses.append(
            ngettext(
                "they also changed or added a row below the form (%(rows)s): a field in it "
                "that you left as it was takes their newer value%(nested)s, a field only you "
                "changed keeps yours, and a field both of you changed is marked in the row for "
                "you to choose; a row they added stays",
                "they also changed or added rows below the form (%(rows)s): in each, a field "
                "you left as it was takes their newer value%(nested)s, a field only you changed "
                "keeps yours, and a field both of you changed is marked in its row for you to "
                "choose; rows they added stay",
                len(merge.rows_changed),
            )
            % {"rows": join_list(merge.rows_changed), "nested": nested}
        )
    deleted = {}
    for label, who in merge.rows_deleted:
        deleted.setdefault(who or gettext("someone"), []).append(label)
    for who, labels in deleted.items():
        clauses.append(
            ngettext(
                "%(people)s deleted a row below the form (%(rows)s): it is left out of your "
                "form, with any change you made in it, and stays deleted",
                "%(people)s deleted rows below the form (%(rows)s): they are left out of your "
                "form, with any change you made in them, and stay deleted",
                len(labels),
            )
            % {"people": who, "rows": join_list(labels)}
        )
    if merge.both:
        clauses.append(
            ngettext(
                "%(fields)s was changed by both of you: choose at the field which version to keep",
                "%(fields)s were each changed by both of you: choose at each field which "
                "version to keep",
                len(merge.both),
            )
            % {"fields": names(merge.both)}
        )
    if merge.rows_delete_conflicts:
        clauses.append(
            ngettext(
                "you deleted a row they changed since (%(rows)s): it is marked, their "
                "changes beside your delete, for you to choose whether to keep it with their "
                "changes or to delete it (saving again without choosing asks again)",
                "you deleted rows they changed since (%(rows)s): each is marked, their "
                "changes beside your delete, for you to choose whether to keep it with their "
                "changes or to delete it (saving again without choosing asks again)",
                len(merge.rows_delete_conflicts),
            )
            % {"rows": join_list(merge.rows_delete_conflicts)}
        )
    clauses.append(gettext("anything else you changed is saved, and the rest of theirs is kept."))
    return sentences(gettext("Your input is kept below. If you save again:"), join_clauses(clauses))


def delete_conflict_error(prefixed_name, changes):
    """The error above an inline row this editor deleted and the other editor changed: their
    changes beside the delete, and the choice."""
    return format_html(
        '<span class="publishing-merge">{}</span>'
        '<table class="publishing-merge"><thead><tr><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody><tr><td><ul>{}</ul></td><td>{}</td></tr>'
        "</tbody></table>"
        '<label><input type="radio" name="{}" value="theirs" required> {}</label> '
        '<label><input type="radio" name="{}" value="yours"> {}</label>',
        gettext("Changed by them, deleted by you. Choose what to keep:"),
        gettext("Theirs (saved meanwhile)"),
        gettext("Yours"),
        format_html_join("", "<li>{}{}{}</li>", ((label, colon(), v) for label, v in changes)),
        gettext("You deleted this row."),
        MERGE_CHOICE + prefixed_name,
        gettext("keep the row, with their changes"),
        MERGE_CHOICE + prefixed_name,
        gettext("delete it (their changes go with it)"),
    )


def both_changed_error(prefixed_name, theirs, yours):
    """The error at a field both editors changed: both values, side by side, and the choice."""
    return format_html(
        '<span class="publishing-merge">{}</span>'
        '<table class="publishing-merge"><thead><tr><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody><tr><td>{}</td><td>{}</td></tr></tbody>'
        "</table>"
        '<label><input type="radio" name="{}" value="theirs" required> {}</label> '
        '<label><input type="radio" name="{}" value="yours"> {}</label>',
        gettext("Changed by both of you. Choose which version to keep:"),
        gettext("Theirs (saved meanwhile)"),
        gettext("Yours (shown in the field)"),
        theirs,
        yours,
        MERGE_CHOICE + prefixed_name,
        gettext("keep theirs"),
        MERGE_CHOICE + prefixed_name,
        gettext("keep yours (the field's value)"),
    )


class VersionedForm(forms.ModelForm):
    """Carries the revision the form was built on. A save built on an older one is refused
    (the newer data stays, and the editor's input is shown again, with what saving again will
    do); saved again, it is merged per field with the newer version (publishing.merge)."""

    base_revision = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_ID, widget=forms.HiddenInput
    )
    # The newer revision a refusal showed: saving again merges with it, if it is still the
    # latest (else it is refused again, against the newest).
    merge_revision = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_ID, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[REVISION_FIELD].initial = latest_revision_id(self.instance)
        self.kept_newer = set()  # fields a merge gave the newer value (clean())
        self.merge_note = None  # what the editor is told of a stale form saved (clean())

    @property
    def changed_data(self):
        """The fields this save changes, as the admin's change message names them: not the
        hidden revision fields, not the fields a merge kept at the newer value (posted
        stale, or "keep theirs"), which this save leaves as they are."""
        hidden = {REVISION_FIELD, MERGE_FIELD, *self.kept_newer}
        return [name for name in super().changed_data if name not in hidden]

    def clean_slug(self):
        """Slugs are lower case (the public addresses are): "UPPER-Case" is stored as
        "upper-case", so the page is where its slug says."""
        return (self.cleaned_data.get("slug") or "").lower()

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields:  # another object's old slug (publishing.redirects)
            try:
                check_old_slug(self._meta.model, cleaned_data.get("slug"), self.instance.pk)
            except ValidationError as error:
                self.add_error(None, error)
        if self.instance.pk is None:
            return cleaned_data
        latest = latest_revision_id(self.instance)
        # Built before there was any history: it showed what the oldest revision keeps.
        base = cleaned_data.get(REVISION_FIELD) or earliest_revision_id(self.instance)
        seen = cleaned_data.get(MERGE_FIELD) or base
        if seen == latest == base:
            return cleaned_data
        found = meanwhile(self.instance, base, latest)
        if found.same and not found.publication:
            # Their saves left the content as this form was built on (a row added and
            # deleted again): nothing of theirs to lose, so no refusal; the editor is told.
            self.merge_note = unchanged_note(found)
            return cleaned_data
        merge = merge_plan(self, cleaned_data, base, latest)
        if seen != latest:
            self.data = self.data.copy()
            self.data[self.add_prefix(MERGE_FIELD)] = latest
            for name, (theirs, yours) in merge.both.items():
                self.add_error(name, both_changed_error(self.add_prefix(name), theirs, yours))
            raise ValidationError(
                conflict_message(self.instance, base, latest, merge), code="stale"
            )
        # Saved again after the refusal, with nothing newer since: merge per field.
        cleaned_data.update(merge.theirs)
        self.kept_newer.update(merge.theirs)
        for name in merge.both:
            choice = self.data.get(MERGE_CHOICE + self.add_prefix(name))
            if choice == "theirs":
                self.kept_newer.add(name)
                model_field = self._meta.model._meta.get_field(name)
                newer, _versions = merge_root_values(latest, self.instance)
                cleaned_data[name] = merge_as_cleaned(model_field, newer[model_field.attname])
            elif choice != "yours":
                theirs, yours = merge.both[name]
                self.add_error(name, both_changed_error(self.add_prefix(name), theirs, yours))
        return cleaned_data


class PublishingWorkflow:
    """The editors' workflow on a publishable kind's admin: drafts of live objects, publish /
    unpublish / discard (buttons and list actions), history with differences and revert, and
    the refusal (then the per-field merge) of a save built on an older version. The admin
    (translations.contentadmin.PublishedContentAdmin) defines each hook and view and hands it
    here; nothing is kept between hooks but what the database holds. Holds no state: each
    method is given the admin asking (its `has_publish_permission` says who may act)."""

    change_form_template = "admin/publishing/change_form.html"

    # --- list ---------------------------------------------------------------------------

    def annotate(self, queryset):
        """The list's queryset with each object's latest revision (the list's stale check) and
        its draft (the status column)."""
        content_type = ContentType.objects.get_for_model(queryset.model)
        pk = Cast(OuterRef("pk"), CharField())
        versions = Version.objects.filter(content_type=content_type, object_id=pk)
        return queryset.annotate(
            latest_revision=Subquery(versions.order_by("-revision_id").values("revision_id")[:1]),
            has_draft=Exists(Draft.objects.filter(content_type=content_type, object_id=pk)),
            draft_apply_at=Subquery(
                Draft.objects.filter(content_type=content_type, object_id=pk).values("apply_at")[:1]
            ),
            draft_not_applied_at=Subquery(
                Draft.objects.filter(content_type=content_type, object_id=pk).values(
                    "not_applied_at"
                )[:1]
            ),
        )

    def publication_status(self, obj):
        # The hidden input is part of the action form: actions see what the list showed.
        token = format_html(
            '<input type="hidden" name="_revision_{}" value="{}">', obj.pk, obj.latest_revision or 0
        )
        label = status_label(obj, obj.has_draft, obj.draft_apply_at, obj.draft_not_applied_at)
        return format_html("{}{}", label, token)

    def _stale(self, admin_, request, stale):
        """Name the objects changed since the list was shown, left alone, in a message."""
        if stale:
            admin_.message_user(
                request,
                label_and_list(
                    gettext("Changed by someone else since the list was shown, left alone:"),
                    (format_html('<a href="{}">{}</a>', admin_url(o, "history"), o) for o in stale),
                ),
                messages.WARNING,
            )

    def _act(self, admin_, request, queryset, act, done_message):
        """Run `act(obj, seen)` on each selected object the list showed at revision `seen`
        (its hidden token): the service locks the object, then checks `seen`, then writes
        (services.locked), so of two editors acting on the same list at the same moment the
        second is refused as stale, as it is when it acts after the first."""
        stale, done = [], []
        for obj in queryset:
            shown = request.POST.get(f"_revision_{obj.pk}", "")
            if str(obj.latest_revision or 0) != shown:
                stale.append(obj)  # known already: nothing to lock
                continue
            try:
                if act(obj, as_revision_id(shown)):
                    done.append(obj)
            except services.Stale:
                stale.append(obj)
        self._stale(admin_, request, stale)
        if done:
            admin_.message_user(request, done_message % {"count": len(done)}, messages.SUCCESS)

    def publish_selected(self, admin_, request, queryset):
        blocked, scheduled = [], []

        def act(obj, seen):
            try:
                live, current, draft = services.state_with_draft(obj)
            except services.DraftDoesNotFit as error:
                self._does_not_fit(admin_, request, obj, error)
                return False
            if translation_gaps(current, services.outdated_by_draft(obj) if draft else ()):
                blocked.append(obj)  # needs the explicit confirmation of the publish page
                return False
            when = services.scheduled_time(obj, draft)
            done = []
            publish = partial(services.publish, seen=seen)
            if not self._apply(admin_, request, publish, obj, kept=done):
                return False
            tell_restored(admin_.admin_site, request, done[0])
            if when is not None:
                scheduled.append(obj)
                admin_.message_user(request, published_message(obj, when), messages.SUCCESS)
                return False  # not counted as published now
            return True

        self._act(admin_, request, queryset, act, gettext("Published: %(count)d."))
        if blocked:
            admin_.message_user(
                request,
                label_and_list(
                    gettext("Not published, a translation is missing or out of date; confirm on:"),
                    (
                        format_html('<a href="{}">{}</a>', admin_url(o, "publish"), o)
                        for o in blocked
                    ),
                ),
                messages.WARNING,
            )

    def unpublish_selected(self, admin_, request, queryset):
        def act(obj, seen):
            if not obj.is_published:
                return False
            return bool(self._apply(admin_, request, partial(services.unpublish, seen=seen), obj))

        self._act(admin_, request, queryset, act, gettext("Unpublished: %(count)d."))

    def discard_selected(self, admin_, request, queryset):
        def act(obj, seen):
            done = []
            discard = partial(services.discard_draft, seen=seen)
            return self._apply(admin_, request, discard, obj, kept=done) and bool(done[0])

        self._act(admin_, request, queryset, act, gettext("Drafts discarded: %(count)d."))

    # --- change form: drafts of live objects --------------------------------------------

    def changeform(self, admin_, request, object_id, show):
        """The change form: `show()` is the admin's own view (Django's). A live object's form
        works on its draft; another's save is recorded in its history."""
        obj = admin_.get_object(request, unquote(object_id)) if object_id else None
        if obj is not None and obj.is_published:
            return self._draft_changeform(admin_, request, obj, show)
        return recorded_changeform(admin_, request, object_id, show, obj=obj)

    def _draft_changeform(self, admin_, request, obj, show):
        """Show and save the live object's draft: the admin's own form and inlines work on the
        rows with the draft applied; the result is kept as the new draft, the rows rolled back."""
        try:
            with transaction.atomic():
                if request.method == "POST":
                    services.lock(obj)
                with services.draft_applied(obj):
                    before = snapshot(obj)
                    response = show()
                    if hasattr(response, "render"):
                        response.render()  # while the draft is applied
                    after = snapshot(obj) if saved(request, response) else None
                if after is not None:
                    if same(before, after):
                        messages.info(request, gettext("Nothing was changed."))
                    elif services.save_draft(obj, after, user=request.user):
                        messages.success(
                            request,
                            gettext(
                                "Saved as a draft. Visitors still see the published version "
                                "until you publish the draft."
                            ),
                        )
            return response
        except services.DraftDoesNotFit as error:
            return self._unfit_draft_page(admin_, request, obj, error)

    def _unfit_draft_page(self, admin_, request, obj, error):
        """The change page of a live object whose draft no longer fits the data (older data:
        a row it links to was deleted before deletes checked pending drafts): what is wrong,
        said on this page itself (a message carried to another page was shown once per
        request that raised it), with discarding the draft offered."""
        return TemplateResponse(
            request,
            "admin/publishing/unfit_draft.html",
            self._context(
                admin_,
                request,
                obj,
                title=gettext("The draft of “%(object)s” cannot be opened") % {"object": obj},
                problem=self._unfit_message(admin_, request, obj, error),
                can_discard=admin_.has_publish_permission(request, obj),
                base_revision=latest_revision_id(obj),
            ),
        )

    def merging_formset(self, formset_class):
        return merging_formset(formset_class)

    def record_addition(self, request, obj):
        """A new object's first revision (new objects are never live: saved in place)."""
        services.record(obj, user=request.user)

    def change_response(self, admin_, request, obj):
        """Where a live object's save (a draft) leads; None where Django's answer is right."""
        # "… was changed successfully" would be untrue, and _draft_changeform says what
        # happened once the draft is kept.
        if not obj.is_published or IS_POPUP_VAR in request.POST:
            return None
        if "_continue" in request.POST:
            return HttpResponseRedirect(request.get_full_path())
        if "_addanother" in request.POST:
            return HttpResponseRedirect(
                reverse(f"admin:{admin_.opts.app_label}_{admin_.opts.model_name}_add")
            )
        return admin_.response_post_save_change(request, obj)

    def change_form_context(self, admin_, request, obj):
        """What the change form shows of the object's publication (nothing for a new one)."""
        if obj is None:
            return {}
        draft = services.draft_of(obj)
        # A live object's form shows its draft applied (_draft_changeform): read as it is.
        problem = (
            services.unpublishable_reason(obj, draft)
            if draft is not None and obj.is_published
            else None
        )
        return {
            "publishing_draft": draft,
            "publishing_problem": problem,
            "publishing_status": status_label(
                obj,
                draft is not None,
                draft.apply_at if draft else None,
                draft.not_applied_at if draft else None,
            ),
            "publishing_public": obj.is_public(),
            "can_publish": admin_.has_publish_permission(request, obj),
        }

    # --- publish, unpublish, discard, history, compare, revert ---------------------------

    def urls(self, admin_):
        """The admin's URLs for the workflow's pages, to list before Django's own."""
        prefix = f"{admin_.opts.app_label}_{admin_.opts.model_name}"
        views = [
            ("<path:object_id>/publish/", admin_.publish_view, "publish"),
            ("<path:object_id>/unpublish/", admin_.unpublish_view, "unpublish"),
            ("<path:object_id>/discard/", admin_.discard_view, "discard"),
            ("<path:object_id>/history/compare/", admin_.compare_view, "compare"),
            ("<path:object_id>/history/<int:revision_id>/revert/", admin_.revert_view, "revert"),
        ]
        return [
            path(route, admin_.admin_site.admin_view(view), name=f"{prefix}_{name}")
            for route, view, name in views
        ]

    def _apply(self, admin_, request, act, obj, *args, kept=None):
        """Run a service (in a transaction of its own, once more if it lost a conflict, each
        try's messages kept only if it commits); False (and a message) if the rows it applies
        no longer fit the data, e.g. a card type they use was deleted since. Nothing is written
        then. What the service returns (publish and revert: the links they put back) is
        appended to `kept`. services.Stale (the object changed since the page) is the
        caller's."""
        try:
            result = services.retried_once(
                partial(act, obj, *args, user=request.user),
                again=obj.refresh_from_db,
                attempt=partial(held_until_done, request),
            )
            if kept is not None:
                kept.append(result)
        except services.DraftDoesNotFit as error:
            self._does_not_fit(admin_, request, obj, error)
            return False
        return True

    def _does_not_fit(self, admin_, request, obj, error=None):
        message = self._unfit_message(admin_, request, obj, error)
        admin_.message_user(request, message, messages.ERROR)

    def _unfit_message(self, admin_, request, obj, error=None):
        """What is wrong with stored rows that do not fit the data, in the editor's language."""
        blockers = getattr(error, "blockers", None)
        if isinstance(error, services.CutsNotConfirmed):  # the list action: no confirmation
            message = label_and_list(
                gettext(
                    "“%(object)s”: not published, publishing it cuts links; confirm that on "
                    "its Publish page. Nothing was changed. Linked from:"
                )
                % {"object": obj},
                (admin_link(admin_.admin_site, request, b) for b in blockers),
            )
        elif blockers:
            message = label_and_list(
                gettext(
                    "“%(object)s”: not applied, it would delete rows that other content links "
                    "to. Nothing was changed; change those links first, or discard the draft. "
                    "Linked from:"
                )
                % {"object": obj},
                (admin_link(admin_.admin_site, request, b) for b in blockers),
            )
        elif getattr(error, "reason", None):
            # The reason is a sentence of its own: sentences() puts no space after its 。
            message = sentences(
                gettext("“%(object)s”: not applied, %(reason)s")
                % {"object": obj, "reason": error.reason},
                gettext("Nothing was changed; change the draft or discard it."),
            )
        else:
            message = gettext(
                "“%(object)s”: the stored version no longer fits the current data (a row it "
                "refers to may have been deleted). Nothing was changed; discard the draft or "
                "revert to another version."
            ) % {"object": obj}
        return message

    def _object_or_404(self, admin_, request, object_id, write=True):
        obj = admin_.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        allowed = admin_.has_publish_permission if write else admin_.has_view_or_change_permission
        if not allowed(request, obj):
            raise PermissionDenied
        return obj

    def _context(self, admin_, request, obj, **kwargs):
        return {
            **admin_.admin_site.each_context(request),
            "opts": admin_.opts,
            "original": obj,
            "object": obj,
            "has_view_permission": True,
            **kwargs,
        }

    def _is_current(self, request, obj, refused):
        """The confirmation page showed the latest revision (else tell the editor why the
        action, `refused` in its own words, was not done). A first look, before anything is
        locked: the service checks again under its lock (services.locked)."""
        base, latest = as_revision_id(request.POST.get(REVISION_FIELD)), latest_revision_id(obj)
        if base == latest:
            return True
        self._refused(request, obj, base, latest, refused)
        return False

    def _refused(self, request, obj, seen, latest, refused):
        messages.warning(request, refusal_message(obj, seen, latest, refused))

    def _act_on_page(self, admin_, request, act, obj, refused, *args, kept=None):
        """Run the page's action (a service taking `seen`) on what the page showed: True when
        done; False, the editor told why, when the object changed since (services.Stale) or
        its stored rows no longer fit."""
        seen = as_revision_id(request.POST.get(REVISION_FIELD))
        try:
            return self._apply(admin_, request, partial(act, seen=seen), obj, *args, kept=kept)
        except services.Stale as error:
            self._refused(request, obj, error.seen, error.latest, refused)
            return False

    def publish_view(self, admin_, request, object_id):
        obj = self._object_or_404(admin_, request, object_id)
        try:
            live, current, draft = services.state_with_draft(obj)
        except services.DraftDoesNotFit as error:
            return self._unfit_draft_page(admin_, request, obj, error)
        gaps = translation_gaps(current, services.outdated_by_draft(obj) if draft else ())
        # Said before Confirm, which would refuse it (services.publish): no Confirm is offered.
        problem = services.draft_unpublishable(obj) if draft else None
        scheduled = services.scheduled_time(obj, draft)
        try:  # the links to the inline rows the draft deletes (a point a task links to)
            cuts = services.links_cut_by(obj, draft.revision) if draft else []
        except services.DraftDoesNotFit as error:
            self._does_not_fit(admin_, request, obj, error)
            return HttpResponseRedirect(admin_url(obj, "history"))
        error = None
        refused = gettext("Not published")
        if request.method == "POST" and self._is_current(request, obj, refused):
            if gaps and not request.POST.get("confirm_translations"):
                error = gettext("Tick the box to publish although translations are missing.")
            elif cuts and request.POST.get("confirm_cut") != "yes":
                error = gettext("Tick the box to publish and cut these links.")
            else:
                publish = partial(services.publish, cut=bool(cuts))
                done = []
                if self._act_on_page(admin_, request, publish, obj, refused, kept=done):
                    messages.success(request, published_message(obj, scheduled))
                    tell_restored(admin_.admin_site, request, done[0])
                return HttpResponseRedirect(admin_url(obj, "change"))
        return TemplateResponse(
            request,
            "admin/publishing/publish.html",
            self._context(
                admin_,
                request,
                obj,
                title=gettext("Publish “%(object)s”") % {"object": obj},
                changes=compare(live, current) if draft else [],
                draft=draft,
                gaps=gaps,
                along=obj.published_along() if obj.last_published_at is None else [],
                scheduled=scheduled,
                problem=problem,
                cuts=[
                    (reason, [admin_link(admin_.admin_site, request, b) for b in blockers])
                    for reason, blockers in cuts
                ],
                error=error,
                base_revision=latest_revision_id(obj),
            ),
        )

    def _confirm_view(self, admin_, request, object_id, act, title, question, done, refused):
        obj = self._object_or_404(admin_, request, object_id)
        posted = request.method == "POST" and self._is_current(request, obj, refused)
        if posted and self._act_on_page(admin_, request, act, obj, refused):
            messages.success(request, done)
            return HttpResponseRedirect(admin_url(obj, "change"))
        return TemplateResponse(
            request,
            "admin/publishing/confirm.html",
            self._context(
                admin_,
                request,
                obj,
                title=title % {"object": obj},
                question=question,
                base_revision=latest_revision_id(obj),
            ),
        )

    def unpublish_view(self, admin_, request, object_id):
        return self._confirm_view(
            admin_,
            request,
            object_id,
            services.unpublish,
            gettext("Unpublish “%(object)s”"),
            gettext("Visitors will no longer see it (a draft, if any, is kept)."),
            gettext("Unpublished."),
            gettext("Not unpublished"),
        )

    def discard_view(self, admin_, request, object_id):
        return self._confirm_view(
            admin_,
            request,
            object_id,
            services.discard_draft,
            gettext("Discard the draft of “%(object)s”"),
            gettext("The draft's changes will be dropped; the published version stays."),
            gettext("Draft discarded."),
            gettext("Draft not discarded"),
        )

    def history_view(self, admin_, request, object_id, extra_context=None):
        obj = self._object_or_404(admin_, request, object_id, write=False)
        revisions = list(revisions_of(obj))
        return TemplateResponse(
            request,
            "admin/publishing/history.html",
            self._context(
                admin_,
                request,
                obj,
                title=gettext("History of “%(object)s”") % {"object": obj},
                revisions=revisions,
                draft=services.draft_of(obj),
                can_change=admin_.has_publish_permission(request, obj),
            ),
        )

    def _state(self, obj, key):
        """A snapshot named by `key`: a revision id, "live" or "draft"."""
        if key == "live":
            return snapshot(obj), gettext("Published version (now)")
        if key == "draft":
            _live, current, _draft = services.state_with_draft(obj)
            return current, gettext("Draft")
        revision = get_object_or_404(
            Revision.objects.select_related("user"),
            pk=as_revision_id(key),
            version__in=Version.objects.get_for_object(obj),
        )
        return versions_of(revision), revision

    def compare_view(self, admin_, request, object_id):
        obj = self._object_or_404(admin_, request, object_id, write=False)
        old, old_label = self._state(obj, request.GET.get("a", "live"))
        new, new_label = self._state(obj, request.GET.get("b", "draft"))
        between = None  # what the net difference cannot show (rows added and deleted again)
        revisions = isinstance(old_label, Revision) and isinstance(new_label, Revision)
        if revisions and old_label.pk < new_label.pk:
            between = meanwhile(obj, old_label.pk, new_label.pk)
        return TemplateResponse(
            request,
            "admin/publishing/compare.html",
            self._context(
                admin_,
                request,
                obj,
                title=gettext("Differences: “%(object)s”") % {"object": obj},
                changes=compare(old, new),
                old_label=old_label,
                new_label=new_label,
                between=between,
            ),
        )

    def revert_view(self, admin_, request, object_id, revision_id):
        obj = self._object_or_404(admin_, request, object_id)
        _versions, revision = self._state(obj, revision_id)
        refused = gettext("Not reverted")
        done = []
        if request.method == "POST" and self._is_current(request, obj, refused):
            revert = services.revert
            if not self._act_on_page(admin_, request, revert, obj, refused, revision, kept=done):
                return HttpResponseRedirect(admin_url(obj, "history"))
            messages.success(
                request,
                gettext("Reverted as a draft: publish it to make it public.")
                if obj.is_published
                else gettext("Reverted."),
            )
            tell_restored(admin_.admin_site, request, done[0])  # as the Recover page says
            return HttpResponseRedirect(admin_url(obj, "change"))
        return TemplateResponse(
            request,
            "admin/publishing/confirm.html",
            self._context(
                admin_,
                request,
                obj,
                title=gettext("Revert “%(object)s”") % {"object": obj},
                question=gettext(
                    "Bring back the version of %(date)s? It is recorded as a new version%(draft)s."
                )
                % {
                    "date": _localtime(revision.date_created),
                    "draft": gettext(", as a draft to publish") if obj.is_published else "",
                },
                base_revision=latest_revision_id(obj),
            ),
        )


def recorded_changeform(admin_, request, object_id, show, obj=None):
    """A change form saved in place, each save recorded in the object's history: what the
    form's stale check (VersionedForm) compares with. `show()` is Django's own view."""
    if obj is None and object_id:
        obj = admin_.get_object(request, unquote(object_id))
    with transaction.atomic():
        before = None
        if obj is not None and request.method == "POST":
            services.lock(obj)  # the form's revision check and the save are one step
            before = snapshot(obj)
        response = show()
        if obj is not None and saved(request, response):
            services.record(obj, user=request.user, before=before)
    return response


def merging_formset(formset_class):
    """The inline formset class, merging its rows per field with the newer version when a stale
    form is posted (publishing.merge.merge_formset; the object's form decides whether the save
    is refused: VersionedForm.clean). A row another editor deleted since is left out."""

    class MergingFormSet(formset_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.is_bound and self.instance.pk is not None and self._revisions() is not None:
                pks = set(self.get_queryset().values_list("pk", flat=True))
                self.data, _left_out = vanished_rows(self, pks)

        def _revisions(self):
            """(base, seen, latest) of a stale form; None when the form is not stale."""
            latest = latest_revision_id(self.instance)
            base = as_revision_id(self.data.get(REVISION_FIELD)) or earliest_revision_id(
                self.instance
            )
            if not base or base == latest:
                return None
            return base, as_revision_id(self.data.get(MERGE_FIELD)) or base, latest

        def clean(self):
            # Merged first: the checks after (Django's uniqueness, the deletion guard, the
            # compared card types) see the rows as they will be saved (a row kept from
            # deletion by the editor's choice is not deleted).
            revisions = self._revisions() if self.instance.pk is not None else None
            if revisions is not None:
                self._merge(*revisions)
            super().clean()

        def _merge(self, base, seen, latest):
            applying = seen == latest  # saved again after the refusal, nothing newer since

            def choose(form, name, theirs, yours):
                prefixed = form.add_prefix(name)
                choice = self.data.get(MERGE_CHOICE + prefixed) if applying else None
                if choice in ("theirs", "yours"):
                    return choice
                if name == DELETION_FIELD_NAME:  # shown above the row (no field of its own)
                    form.add_error(None, delete_conflict_error(prefixed, theirs))
                else:
                    form.add_error(name, both_changed_error(prefixed, theirs, yours))
                return None

            merge_formset(self, base, latest, choose)

        @property
        def deleted_forms(self):
            # Django settles which rows are deleted before clean() (its max_num check): a row
            # the merge kept from deletion (its cleaned DELETE unset) is not one of them.
            return [f for f in super().deleted_forms if f.cleaned_data.get(DELETION_FIELD_NAME)]

        def save_existing_objects(self, commit=True):
            """As Django's, with each row's changed fields (the change message's) without
            those a merge kept at the newer value (merge_formset's form.kept_newer)."""
            saved_objects = super().save_existing_objects(commit)
            kept = {form.instance.pk: getattr(form, "kept_newer", set()) for form in self.forms}
            changed = []
            for obj, fields in self.changed_objects:
                fields = [name for name in fields if name not in kept.get(obj.pk, ())]
                if fields:
                    changed.append((obj, fields))
            self.changed_objects = changed
            return saved_objects

    MergingFormSet.__name__ = formset_class.__name__
    return MergingFormSet


def saved(request, response):
    """True when the admin's change form view saved the POSTed form: it answers with a
    redirect, or in a popup with the page that closes it (else the form is shown again)."""
    if request.method != "POST":
        return False
    if response.status_code in (301, 302, 303):
        return True
    return "popup_response_data" in (getattr(response, "context_data", None) or {})


def published_message(obj, scheduled):
    if scheduled is None:
        return gettext("Published.")
    return gettext(
        "“%(object)s”: changes scheduled for %(time)s. Until then visitors see the published "
        "version; then the changes apply by themselves."
    ) % {"object": obj, "time": _localtime(scheduled)}


def _localtime(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def status_label(obj, has_draft, scheduled=None, not_applied=None):
    """The publication state as the list and the change form show it. `scheduled`: when the
    object's draft is scheduled to apply (see services.publish); `not_applied`: when it was
    to apply and could not (services.apply_due: listed under Scheduled changes, with why)."""
    if not obj.is_published:
        return gettext("Draft (not public)")
    if scheduled is not None:  # only a public object's draft is scheduled: it is live
        label = gettext("Published")
    elif obj.is_scheduled():
        label = gettext("Scheduled for %(time)s") % {"time": _localtime(obj.publish_at)}
    elif obj.is_public():
        label = gettext("Published")
    else:
        label = gettext("Unpublished since %(time)s") % {"time": _localtime(obj.unpublish_at)}
    if scheduled is not None:
        return label + gettext(" · changes scheduled for %(time)s") % {
            "time": _localtime(scheduled)
        }
    if not_applied is not None and has_draft:
        return label + gettext(
            " · changes scheduled for %(time)s not applied (see Scheduled changes)"
        ) % {"time": _localtime(not_applied)}
    return label + (gettext(" · draft of changes") if has_draft else "")


# Old slugs: to see which old addresses lead where, and to free a slug for another object by
# deleting its entry (the old address then answers 404).
@admin.register(OldSlug)
class OldSlugAdmin(admin.ModelAdmin):
    list_display = ("slug", "content_type", "leads_to", "reason", "renamed_at")
    list_filter = ("content_type", "reason")
    search_fields = ("slug",)
    list_select_related = ("content_type",)

    def has_module_permission(self, request):
        # Every editor may see which old addresses lead where; freeing a slug (deleting its
        # entry) stays with those given the delete permission.
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False  # recorded by renaming, never typed

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("leads to"))
    def leads_to(self, obj):
        try:
            target = obj.content_type.get_object_for_this_type(pk=obj.object_id)
        except ObjectDoesNotExist:
            return "—"
        url = getattr(target, "get_absolute_url", None)
        return format_html('<a href="{}">{}</a>', url(), target) if url else str(target)


# Pending scheduled changes: drafts of public objects that apply at a time ahead.
@admin.register(ScheduledChange)
class ScheduledChangeAdmin(admin.ModelAdmin):
    """Pending scheduled changes, and those that could not be applied at their time (listed
    first, with why, until an editor publishes the draft again, changes or discards it)."""

    list_display = ("due", "change_of", "scheduled_by", "state")
    # The list is the view: a row's time leads to the object's Publish page (the draft, its
    # differences, Publish, Confirm and Discard), its name to the object's change page. The
    # model admin's own detail page would show raw fields (content type, object id, the
    # revision, the held reason's data): change_view() redirects to the Publish page.
    list_display_links = None
    list_select_related = ("content_type", "revision__user")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(Q(apply_at__isnull=False) | Q(not_applied_at__isnull=False))
        )

    def get_ordering(self, request):
        return [F("not_applied_at").asc(nulls_last=True), F("apply_at").asc()]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        # The list only names and links; each object's own admin decides what may be done.
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False  # scheduled by publishing a draft

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # discard the draft, or publish it again, from the object's page

    def changelist_view(self, request, extra_context=None):
        services.apply_due()  # what is due is applied, not listed as pending
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The object's Publish page (the list, when the object or the change is gone)."""
        draft = ScheduledChange.objects.filter(pk=unquote(object_id)).first()
        target = draft.content_object if draft is not None else None
        if target is None:
            return HttpResponseRedirect(reverse("admin:publishing_scheduledchange_changelist"))
        return HttpResponseRedirect(_publish_url(target))

    @admin.display(description=_("change of"))
    def change_of(self, obj):
        target = obj.content_object
        if target is None:
            return "—"
        return format_html('<a href="{}">{}</a>', admin_url(target, "change"), target)

    @admin.display(description=_("scheduled by"))
    def scheduled_by(self, obj):
        user = obj.revision.user
        return user.get_username() if user else "—"

    @admin.display(description=_("scheduled for"), ordering="apply_at")
    def due(self, obj):
        when = _localtime(obj.apply_at or obj.not_applied_at)
        target = obj.content_object
        if target is None:
            return when
        return format_html('<a href="{}">{}</a>', _publish_url(target), when)

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.not_applied_at is None:
            return gettext("Waiting for its time")
        # A trusted template (the translation's), its values escaped.
        return format_html(
            '<strong class="errornote">{}</strong>', not_applied_reason(obj, admin_url_link)
        )


def _publish_url(obj):
    """The Publish page of `obj`, or its change page where its admin has none."""
    try:
        return admin_url(obj, "publish")
    except NoReverseMatch:
        return admin_url(obj, "change")


def admin_url_link(obj):
    try:
        return format_html('<a href="{}">{}</a>', admin_url(obj, "change"), obj)
    except NoReverseMatch:
        return str(obj)
