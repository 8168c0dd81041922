"""The one base of every content kind's admin.

Being a content admin is how a kind gets the rules; nothing to opt into, so a kind whose admin
forgets something gets the safe default. The base is written out: every ModelAdmin hook a rule
touches is defined in the class bodies below, and each hands its decision to one small object
the class holds (no state passed on the request, no order of mixins to respect):

    policy      translations.policy.RolePolicy             who may do what (editor, translator)
    limits      translations.adminparts.TranslatorLimits   a translator's fields and refused POSTs
    status      translations.adminparts.TranslationStatus  the list's translation status
    queries     translations.adminparts.QueryStringGuard   absurd query strings are bad filters
    deletion    publishing.adminparts.DeletionGuard        guarded deletes, repair, recover
    link_labels publishing.adminparts.LinkRowLabels        the delete page's many-to-many rows
    plain_text  publishing.adminparts.PlainTextPolicy      text compared as normalised text
    inline_limits publishing.adminparts.InlineLimits       every inline formset bounded
    workflow    publishing.admin.PublishingWorkflow        drafts, publish, history, merge

- ContentAdmin (any translated kind): the translators' limits (a translator changes only
  their languages' columns, a POST naming anything else is refused whole with a 403, and they
  get no add, delete, bulk-edit or list actions); guarded deletes; plain-text fields; safe
  query strings; language tabs for editors; history of every save and the refusal (then the
  per-field merge) of a form built on an older version (VersionedForm); a slug that is
  another object's old slug refused (publishing.redirects).
- PublishedContentAdmin (a Publishable kind): all of that, plus drafts of live objects,
  publish / unpublish / discard, history, revert and stale-form merging. Publishing is an
  editor's act: a translator's save of a live object is a draft that an editor reviews.
- ContentInline: the same limits and plain-text fields on an inline (put it before
  modeltranslation's inline class).

An app's admin subclasses one of them and declares only what is its own (columns, fieldsets,
inlines).
"""

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from publishing import services, versioning
from publishing.admin import PublishingWorkflow, VersionedForm, recorded_changeform
from publishing.adminparts import (
    DeletionGuard,
    InlineLimits,
    LinkRowLabels,
    PlainTextPolicy,
    SafeAutocomplete,
)
from publishing.messagestorage import held_until_done
from publishing.versioning import tree

from . import tracking
from .adminparts import QueryStringGuard, ReadOnlyChangeList, TranslationStatus, TranslatorLimits
from .policy import RolePolicy


class ContentAdmin(SafeAutocomplete, TabbedTranslationAdmin):
    """Admin of a translated content kind (see the module's docstring). `translation_parts`
    names related models whose translations count as this object's, as (model, lookup from it
    to this model), e.g. ((ComparisonPoint, "comparison"), (PointText, "point__comparison"))."""

    translation_parts = ()

    # Who decides: one instance each per process. Only the policy remembers anything of a
    # request (what its user may do, keyed weakly by it: nothing is stored on the request).
    policy = RolePolicy()
    limits = TranslatorLimits()
    status = TranslationStatus()
    queries = QueryStringGuard()
    deletion = DeletionGuard()
    link_labels = LinkRowLabels()
    plain_text = PlainTextPolicy()
    inline_limits = InlineLimits()

    delete_confirmation_template = DeletionGuard.delete_confirmation_template
    delete_selected_confirmation_template = DeletionGuard.delete_selected_confirmation_template

    form = VersionedForm
    # Posts the revision the form was built on (PublishedContentAdmin's template does too).
    change_form_template = "admin/publishing/versioned_change_form.html"

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.status.register_parts(self.translation_parts)
        # Every content kind's admin keeps history: its stale-form check compares with it.
        versioning.register(model)

    @property
    def media(self):
        return super().media + self.status.media

    # --- permissions: policy ----------------------------------------------------------------

    def has_add_permission(self, request):
        return self.policy.may_add(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.policy.may_delete(request) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        if not self.policy.may_bulk_edit(request):
            return {}
        return super().get_actions(request)

    # --- the list: status, bulk edits, query strings, recovery --------------------------------

    def get_queryset(self, request):
        return self.status.annotate(super().get_queryset(request), self.translation_parts)

    def get_list_display(self, request):
        return (*super().get_list_display(request), "translation_status")

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), *self.status.filters(self.translation_parts))

    @admin.display(description=_("translation"))
    def translation_status(self, obj):
        return self.status.badges(obj)

    def get_changelist(self, request, **kwargs):
        # Django's documented hook for the list's class: a translator's has no list_editable
        # (no bulk edits of shared fields), so the admin builds no formset for it.
        if not self.policy.may_bulk_edit(request):
            return ReadOnlyChangeList
        return super().get_changelist(request, **kwargs)

    def get_changelist_instance(self, request):
        self.queries.check_filters(request)
        return self.queries.changelist(partial(super().get_changelist_instance, request))

    def changelist_view(self, request, extra_context=None):
        # The list's POSTs are its actions and bulk edits, none of them a translator's: a
        # forged one is refused (Django would only answer "no action selected").
        if request.method == "POST" and not self.policy.may_bulk_edit(request):
            raise PermissionDenied
        extra_context = {**(extra_context or {}), **self.deletion.changelist_context(self, request)}
        response = super().changelist_view(request, extra_context)
        return self.deletion.changelist_response(response)

    # --- the change form: translator limits, plain text -------------------------------------

    def get_changeform_initial_data(self, request):
        return self.queries.initial(super().get_changeform_initial_data(request))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        kwargs = self.plain_text.field_kwargs(db_field, kwargs)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return self.limits.mark_language(self.model, db_field, formfield)

    def get_readonly_fields(self, request, obj=None):
        return self.limits.readonly_fields(self, request, super().get_readonly_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        return self.limits.fieldsets(self, request, super().get_fieldsets(request, obj))

    def get_prepopulated_fields(self, request, obj=None):
        if self.policy.limits(request).limited:
            return {}  # a translator changes no slug
        return super().get_prepopulated_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        return self.limits.restrict_form(self, request, super().get_form(request, obj, **kwargs))

    def get_formsets_with_inlines(self, request, obj=None):
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            formset_class = self.inline_limits.bound(formset_class)
            yield self.deletion.guard_formset(self, request, formset_class), inline

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(form, "merge_note", None):  # a stale form saved: what became of theirs
            self.message_user(request, form.merge_note, messages.INFO)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self.limits.refuse_forbidden(self, request)  # 403 before anything is read or written
        show = partial(super().changeform_view, request, object_id, form_url, extra_context)
        if request.method != "POST":
            return self.edit(request, object_id, show)
        # A save that lost a deadlock to another editor's is run again, not a 503.
        return services.retried_once(
            partial(self.edit, request, object_id, show),
            attempt=partial(held_until_done, request),  # the try rolled back says nothing
        )

    def edit(self, request, object_id, show):
        """Django's change form (`show()`), each save recorded in the object's history: the
        form (VersionedForm) refuses, then merges, a save built on an older version."""
        return recorded_changeform(self, request, object_id, show)

    # --- deleting: guarded, repair, recover ---------------------------------------------------

    def get_deleted_objects(self, objs, request):
        refusal = self.deletion.refusal(self, request, objs)
        if refusal is not None:
            return [], {}, set(), refusal
        return self.link_labels.relabel(self.model, super().get_deleted_objects(objs, request))

    def delete_model(self, request, obj):
        self.deletion.record_deleted(request, [obj])  # recoverable, however it was made
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # the records go with a refused delete
            self.deletion.record_deleted(request, queryset)
            super().delete_queryset(request, queryset)

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            **self.deletion.delete_context(self, request, object_id),
        }
        return super().delete_view(request, object_id, extra_context)

    def delete_repair_view(self, request, object_id):
        return self.deletion.repair_view(self, request, object_id)

    def delete_selected_repair_view(self, request):
        return self.deletion.selected_repair_view(self, request)

    def recoverlist_view(self, request):
        return self.deletion.recoverlist_view(self, request)

    def recover_view(self, request, object_id):
        return self.deletion.recover_view(self, request, object_id)

    def get_urls(self):
        return [*self.deletion.urls(self), *super().get_urls()]


class PublishedContentAdmin(ContentAdmin):
    """Admin of a translated, publishable content kind (see the module's docstring)."""

    workflow = PublishingWorkflow()

    change_form_template = PublishingWorkflow.change_form_template
    save_as = False
    actions = ("publish_selected", "unpublish_selected", "discard_selected")

    def has_publish_permission(self, request, obj=None):
        """Publish, unpublish, discard a draft, revert: editors who may change the object;
        never a translator."""
        return self.policy.may_publish(request) and self.has_change_permission(request, obj)

    # --- the list: status and actions -------------------------------------------------------

    def get_queryset(self, request):
        return self.workflow.annotate(super().get_queryset(request))

    @admin.display(description=_("status"))
    def publication_status(self, obj):
        return self.workflow.publication_status(obj)

    @admin.action(description=_("Publish selected (with their drafts)"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.workflow.publish_selected(self, request, queryset)

    @admin.action(description=_("Unpublish selected"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self.workflow.unpublish_selected(self, request, queryset)

    @admin.action(description=_("Discard the drafts of selected"), permissions=["publish"])
    def discard_selected(self, request, queryset):
        self.workflow.discard_selected(self, request, queryset)

    # --- the change form: drafts, history, merging ------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Bring the stored machine conversions up to date with their sources before the form
        is shown or its save compared with what is stored: a source written without sync()
        (QuerySet.update) would otherwise show a stale conversion that this save converts
        again, and an editor who changed nothing would get a draft of derived text only."""
        if object_id:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                tracking.sync(tree(obj))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def edit(self, request, object_id, show):
        """Drafts of live objects; others saved in place, recorded (PublishingWorkflow)."""
        return self.workflow.changeform(self, request, object_id, show)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            yield self.workflow.merging_formset(formset_class), inline

    def log_addition(self, request, obj, message):
        self.workflow.record_addition(request, obj)
        return super().log_addition(request, obj, message)

    def response_change(self, request, obj):
        response = self.workflow.change_response(self, request, obj)
        return response or super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.workflow.change_form_context(self, request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- the workflow's pages -----------------------------------------------------------------

    def get_urls(self):
        return [*self.workflow.urls(self), *super().get_urls()]

    def publish_view(self, request, object_id):
        return self.workflow.publish_view(self, request, object_id)

    def unpublish_view(self, request, object_id):
        return self.workflow.unpublish_view(self, request, object_id)

    def discard_view(self, request, object_id):
        return self.workflow.discard_view(self, request, object_id)

    def history_view(self, request, object_id, extra_context=None):
        return self.workflow.history_view(self, request, object_id)

    def compare_view(self, request, object_id):
        return self.workflow.compare_view(self, request, object_id)

    def revert_view(self, request, object_id, revision_id):
        return self.workflow.revert_view(self, request, object_id, revision_id)


class ContentInline(SafeAutocomplete):
    """Inline of a translated content kind, before modeltranslation's inline class (the one
    mixin left: Django has a class per inline layout): the translators' limits and plain-text
    fields of ContentAdmin, asked of the same objects."""

    policy = ContentAdmin.policy
    limits = ContentAdmin.limits
    plain_text = ContentAdmin.plain_text

    def has_add_permission(self, request, obj):
        return self.policy.may_add(request) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.policy.may_delete(request) and super().has_delete_permission(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        kwargs = self.plain_text.field_kwargs(db_field, kwargs)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return self.limits.mark_language(self.model, db_field, formfield)

    def get_readonly_fields(self, request, obj=None):
        return self.limits.readonly_fields(self, request, super().get_readonly_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        return self.limits.fieldsets(self, request, super().get_fieldsets(request, obj))

    def get_prepopulated_fields(self, request, obj=None):
        if self.policy.limits(request).limited:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = self.limits.restrict_form(self, request, formset.form)
        return formset
