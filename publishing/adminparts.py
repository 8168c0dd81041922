"""The publishing side of the content admin base (translations.contentadmin): small objects
the base holds and its hooks ask, each with one job and no state of its own.

- DeletionGuard: guarded deletes (refusal with the list, delete and repair, recover);
- PlainTextPolicy: text fields that compare by normalised text;
- SafeAutocomplete: autocomplete fields whose forged values are invalid choices, not a 500;
- InlineLimits: every inline formset bounded (a forged TOTAL_FORMS is refused quickly).
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.forms.formsets import DEFAULT_MAX_NUM, DELETION_FIELD_NAME
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import links, repair, services
from .punctuation import colon, join_list, label_and_list, list_separator
from .references import cut_before_delete, referring
from .text import PlainTextField, is_plain_text


class BlockedDeletion(list):
    """The admin's `protected` list when a deletion guard blocks: [reason, [links], …]. Our
    confirmation templates then say that the object cannot be deleted and why, instead of
    Django's "would require deleting the following protected related objects". `repair_url`:
    where the "delete selected" page posts a confirmed delete and repair, when every blocking
    reference can be cut (Django's action gives its template no other way in)."""

    blocked = True
    repair_url = None


class DeletionGuard:
    """The admin side of the deletion guards (publishing.deletion): the delete page and the
    "delete selected" action refuse to delete what a guard protects, naming what relies on it,
    with links to their admin pages (once nothing blocks, Django's own checks and
    confirmation follow); where every blocking reference can be cut, the delete page offers a
    confirmed "delete and repair" (publishing.repair); an inline row ticked for deletion that a
    guard protects, or another object's pending draft links to, is an error of its formset,
    naming the same (publishing.references, as the delete pages): the form is shown again and
    nothing is saved, unless the editor confirms the cut. Deleted objects can be recovered
    from their history. Holds no state: each method is given the admin asking."""

    delete_confirmation_template = "admin/publishing/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/publishing/delete_selected_confirmation.html"

    def guard_formset(self, admin_, request, formset_class):
        """The inline formset class, refusing rows ticked for deletion that something links to
        (a live row or a pending draft), unless the editor confirms cutting the links."""
        link = partial(admin_link, admin_.admin_site, request)

        class GuardedFormSet(formset_class):
            cut_field = "CUT_LINKS"  # the confirmation of a repair, offered in the error

            def clean(self):
                super().clean()
                self.cut = set()
                doomed = [
                    form.instance
                    for form in self.forms
                    if form.instance.pk is not None
                    and getattr(form, "cleaned_data", {}).get(DELETION_FIELD_NAME)
                ]
                references = referring(self.model, doomed) if doomed else None
                if not references:
                    return
                can_cut = references.cuttable
                if can_cut and self.data.get(self.add_prefix(self.cut_field)) == "yes":
                    self.cut = {obj.pk for obj in doomed}  # confirmed: cut when deleted
                    return
                errors = [
                    format_html(
                        "{} {} {}",
                        _("Not deleted:"),
                        reason,
                        format_html_join(", ", "{}", ((link(b),) for b in blockers)),
                    )
                    for reason, blockers in references.listed()
                ]
                if can_cut:
                    errors.append(
                        format_html(
                            '<label><input type="checkbox" name="{}" value="yes"> {}</label>',
                            self.add_prefix(self.cut_field),
                            _(
                                "Delete it anyway and cut these links (tick, then save): on a "
                                "published object when its draft is published, where the "
                                "Publish page lists them; reverting puts them back."
                            ),
                        )
                    )
                raise ValidationError(errors, code="protected")

            def delete_existing(self, obj, commit=True):
                if commit and obj.pk in getattr(self, "cut", ()):
                    # On a live object's draft this is rolled back with the draft's rows:
                    # publishing cuts the links for real (publishing.services.apply).
                    cut_before_delete(obj, user=request.user)
                super().delete_existing(obj, commit=commit)

        GuardedFormSet.__name__ = formset_class.__name__
        return GuardedFormSet

    def refusal(self, admin_, request, objs):
        """The admin's `protected` list when a guard blocks deleting `objs`, else None."""
        # Pending drafts linking to them count: deleting would leave those drafts unopenable.
        references = referring(admin_.model, objs)
        if not references:
            return None
        protected = BlockedDeletion()
        for reason, blockers in references.listed():
            protected += [reason, [admin_link(admin_.admin_site, request, b) for b in blockers]]
        if references.cuttable:
            protected.repair_url = _url(admin_, "delete_selected_repair")
        return protected

    # --- delete and repair; recover deleted (publishing.repair) ---------------------------

    def urls(self, admin_):
        """The admin's URLs for repair and recovery, to list before Django's own."""
        views = [
            ("<path:object_id>/delete/repair/", admin_.delete_repair_view, "delete_repair"),
            (
                "delete-selected/repair/",
                admin_.delete_selected_repair_view,
                "delete_selected_repair",
            ),
            ("recover/", admin_.recoverlist_view, "recoverlist"),
            ("recover/<path:object_id>/", admin_.recover_view, "recover"),
        ]
        prefix = f"{admin_.opts.app_label}_{admin_.opts.model_name}"
        return [
            path(route, admin_.admin_site.admin_view(view), name=f"{prefix}_{name}")
            for route, view, name in views
        ]

    def may_recover(self, admin_, request):
        """Recover is an add and undoes a delete: editors who may do both (no translator)."""
        return admin_.has_add_permission(request) and admin_.has_delete_permission(request)

    def record_deleted(self, request, objs):
        """Before a delete: record what goes, so it can be recovered (publishing.repair)."""
        repair.record_deleted(objs, user=request.user)

    def delete_context(self, admin_, request, object_id):
        """What the delete page adds: the repair's address where a repair is possible."""
        obj = admin_.get_object(request, unquote(object_id))
        allowed = obj is not None and admin_.has_delete_permission(request, obj)
        if allowed and referring(admin_.model, [obj]).cuttable:
            return {"repair_url": _url(admin_, "delete_repair", quote(obj.pk))}
        return {}

    def changelist_context(self, admin_, request):
        """What the list page adds: the "Recover deleted" link, for those who may."""
        if self.may_recover(admin_, request):
            return {"recover_url": _url(admin_, "recoverlist")}
        return {}

    def changelist_response(self, response):
        """The list page (not an action's page) with Django's own template lookup, ours (its
        "Recover deleted" link) instead of the default; an app's own extends ours."""
        names = getattr(response, "template_name", None)
        if isinstance(names, list) and "admin/change_list.html" in names:
            response.template_name = [
                "admin/publishing/change_list.html" if name == "admin/change_list.html" else name
                for name in names
            ]
        return response

    def repair_view(self, admin_, request, object_id):
        """POST, confirmed: delete the object and cut the links that blocked it."""
        obj = admin_.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not admin_.has_delete_permission(request, obj):
            raise PermissionDenied
        delete_page = _url(admin_, "delete", quote(obj.pk))
        if request.method != "POST" or request.POST.get("confirm") != "yes":
            messages.error(request, _("Nothing was deleted: tick the confirmation first."))
            return HttpResponseRedirect(delete_page)
        # Blocked otherwise since the page was shown:
        if not referring(admin_.model, [obj]).cuttable:
            return HttpResponseRedirect(delete_page)
        return self._delete_and_repair(admin_, request, [obj], delete_page)

    def selected_repair_view(self, admin_, request):
        """POST from the "delete selected" page, confirmed: delete the selected objects and cut
        the links that blocked them, all or nothing."""
        changelist = _url(admin_, "changelist")
        if request.method != "POST":
            return HttpResponseRedirect(changelist)
        ids = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        objs = list(admin_.get_queryset(request).filter(pk__in=ids)) if ids else []
        if not objs:
            messages.error(request, _("Nothing was deleted: no object was selected."))
            return HttpResponseRedirect(changelist)
        if not all(admin_.has_delete_permission(request, obj) for obj in objs):
            raise PermissionDenied
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Nothing was deleted: tick the confirmation first."))
            return HttpResponseRedirect(changelist)
        if not referring(admin_.model, objs).cuttable:  # blocked otherwise since the page was shown
            messages.error(
                request,
                _("Nothing was deleted: a reference to the selection cannot be cut any more."),
            )
            return HttpResponseRedirect(changelist)
        return self._delete_and_repair(admin_, request, objs, changelist)

    def _delete_and_repair(self, admin_, request, objs, back):
        """Delete `objs` and cut the links that block them, in one transaction: on any
        refusal nothing is deleted and nothing cut."""
        names = join_list(objs)
        try:
            with transaction.atomic():
                admin_.log_deletions(
                    request, admin_.model._base_manager.filter(pk__in=[o.pk for o in objs])
                )
                changed = []
                for obj in objs:
                    changed += repair.delete_and_repair(obj, user=request.user)
        except (ValueError, ProtectedError):  # a reference no repair may cut, added since
            messages.error(
                request,
                _(
                    "Nothing was deleted: other content still relies on it; its delete page "
                    "names what."
                ),
            )
            return HttpResponseRedirect(back)
        messages.success(
            request,
            format_html(
                "{} {}",
                label_and_list(
                    _("Deleted “%(object)s”; links cut:") % {"object": names},
                    (admin_link(admin_.admin_site, request, o) for o in changed),
                ),
                format_html(
                    '<a href="{}">{}</a>', _url(admin_, "recoverlist"), _("Recover deleted")
                ),
            ),
        )
        return HttpResponseRedirect(_url(admin_, "changelist"))

    def recoverlist_view(self, admin_, request):
        if not self.may_recover(admin_, request):
            raise PermissionDenied
        opts = admin_.opts
        context = {
            **admin_.admin_site.each_context(request),
            "opts": opts,
            "title": _("Recover deleted %(name)s") % {"name": opts.verbose_name_plural},
            "versions": [
                (version, _url(admin_, "recover", quote(version.object_id)))
                for version in repair.deleted_versions(admin_.model)
            ],
        }
        return TemplateResponse(request, "admin/publishing/recover_list.html", context)

    def recover_view(self, admin_, request, object_id):
        if not self.may_recover(admin_, request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(_url(admin_, "recoverlist"))
        try:
            obj, restored, within = repair.recover(
                admin_.model, unquote(object_id), user=request.user
            )
        except repair.Version.DoesNotExist as error:
            raise Http404 from error
        except repair.AlreadyThere as error:
            messages.info(
                request,
                (
                    _("“%(object)s” is already back (recovered earlier): nothing was changed.")
                    if error.recovered
                    else _("“%(object)s” was not deleted: there is nothing to recover.")
                )
                % {"object": error.obj},
            )
            return HttpResponseRedirect(_url(admin_, "recoverlist"))
        except (ValueError, repair.CannotRecover) as error:
            messages.error(
                request,
                _("Not recovered: %(error)s. Nothing was changed.") % {"error": error},
            )
            return HttpResponseRedirect(_url(admin_, "recoverlist"))
        admin_.log_change(request, obj, str(_("Recovered after deletion")))
        if not restored.referrers:  # no link came back: none is mentioned
            messages.success(request, _("Recovered “%(object)s”.") % {"object": obj})
        headline = _("Recovered “%(object)s”; links restored:") % {"object": obj}
        tell_restored(admin_.admin_site, request, restored, headline=headline)
        if within:  # a law's articles, deleted with it
            messages.success(
                request,
                _("What was deleted with it came back with it: %(counts)s.")
                % {
                    "counts": list_separator().join(
                        f"{kind.model._meta.verbose_name_plural}{colon()}{len(objs)}"
                        for kind, objs in within.items()
                    )
                },
            )
        tell_pending(admin_, request, obj)
        return HttpResponseRedirect(_url(admin_, "change", quote(obj.pk)))


def tell_pending(admin_, request, obj):
    """After a recovery: what became of the draft pending when `obj` was deleted. One whose
    scheduled time passed while it was deleted is due: it is applied now, as it would have
    been at its time (services.apply_due, with the cut its editor confirmed), or, when it no
    longer fits, kept and listed under Scheduled changes with why."""
    draft = services.draft_of(obj)
    if draft is None:
        return
    due = draft.apply_at if draft.apply_at and draft.apply_at <= timezone.now() else None
    if due is not None:
        services.apply_due()
        draft = services.draft_of(obj)
    when = due or (draft.apply_at if draft is not None else None)
    time = formats.date_format(localtime(when), "DATETIME_FORMAT") if when else None
    if due is not None and draft is None:
        messages.success(
            request,
            _(
                "It comes back as it was public, and its scheduled changes were due at "
                "%(time)s, while it was deleted: they are applied now, as they would have been "
                "at their time."
            )
            % {"time": time},
        )
    elif due is not None and draft.not_applied_at is not None:
        messages.warning(
            request,
            format_html(
                "{} {}",
                _(
                    "It comes back as it was public; its scheduled changes were due at "
                    "%(time)s, while it was deleted, and are kept as a draft, listed in "
                    "Scheduled changes:"
                )
                % {"time": time},
                not_applied_reason(draft, partial(admin_link, admin_.admin_site, request)),
            ),
        )
    elif draft.apply_at is not None:
        messages.info(
            request,
            _(
                "It comes back as it was public; its pending changes are kept as a draft, "
                "scheduled for %(time)s (listed in Scheduled changes)."
            )
            % {"time": time},
        )
    else:
        messages.info(
            request,
            _(
                "It comes back as it was public; its pending changes are kept as a draft: "
                "publish it to make them public."
            ),
        )


def _url(admin_, name, *args):
    opts = admin_.opts
    return reverse(f"{admin_.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args)


def not_applied_reason(draft, link):
    """Why the scheduled `draft` was not applied at its time (Draft.not_applied, by
    services.apply_due), in the active language: for the list of Scheduled changes and the
    message of a recovery. `link(obj)` names each object it names."""
    why = draft.not_applied or {}
    named = services.objects_named(why.get("objects", ()))
    # 「链接来自：乘坐公交地铁、…」 / "linked from: …": the list in the language's punctuation.
    objects = label_and_list(gettext("linked from:"), [link(o) for o in named]) if named else "—"
    reason = why.get("reason")
    if reason == services.NOT_CONFIRMED:
        text = gettext(
            "Not applied at its time: publishing it would cut links that nobody confirmed "
            "when it was scheduled ({objects}). Nothing was changed; confirm "
            "the cut on its Publish page, or change the draft."
        )
    elif reason == services.BLOCKED:
        text = gettext(
            "Not applied at its time: it would delete rows that other content relies on "
            "({objects}). Nothing was changed; change those links or the draft."
        )
    else:
        text = gettext(
            "Not applied at its time: it no longer fits the current data ({detail}). "
            "Nothing was changed; change the draft or discard it."
        )
    return format_html(  # a trusted template (the translation's), its values escaped
        text, objects=objects, detail=services.in_readers_language(why.get("detail"))
    )


def tell_restored(admin_site, request, restored, *, headline=None):
    """The messages after cut links came back (publishing.links.restore: a recover, a revert,
    the publication of a reverted draft), the same on every path: `headline` ("Links
    restored:" by default) and the objects whose link is back; then what became of the links
    cut from pending drafts: put back in a draft saved since the cut (its later changes
    kept), or left out, and why. Nothing is said of restored links when none came back."""
    if restored.referrers:
        messages.success(
            request,
            _linked_list(admin_site, request, headline or _("Links restored:"), restored.referrers),
        )
    if restored.edited:
        messages.info(
            request,
            _linked_list(
                admin_site,
                request,
                _(
                    "These drafts were saved again after the link was cut: the link is "
                    "back in them, and the changes made since are kept:"
                ),
                restored.edited,
            ),
        )
    reasons = {
        links.LEFT_DRAFT_GONE: _(
            "its draft was published or discarded after the link was cut; link it again "
            "on its page if it should"
        ),
        links.LEFT_ROW_GONE: _("the row that held the link is no longer in its draft"),
        links.LEFT_RELINKED: _(
            "its draft was given another link in its place since, which is kept"
        ),
    }
    for obj, why in dict.fromkeys(restored.left):
        messages.warning(
            request,
            format_html(
                # A trusted template (the translation's), its values escaped.
                gettext("The link was not put back in the draft of {object}: {reason}."),
                object=admin_link(admin_site, request, obj),
                reason=reasons[why],
            ),
        )


def _linked_list(admin_site, request, label, objs):
    """`label` and the admin links to `objs` (each once)."""
    return label_and_list(label, (admin_link(admin_site, request, o) for o in dict.fromkeys(objs)))


def admin_link(admin_site, request, obj):
    """A link to the admin page of `obj` if the user may see it, else its name."""
    model = type(obj)
    if admin_site.is_registered(model):
        model_admin = admin_site.get_model_admin(model)
        if model_admin.has_view_or_change_permission(request, obj):
            opts = obj._meta
            name = f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change"
            try:
                return format_html('<a href="{}">{}</a>', reverse(name, args=[quote(obj.pk)]), obj)
            except NoReverseMatch:
                pass
    return str(obj)


class PlainTextPolicy:
    """Text fields clean to, and compare by, normalised text (publishing.text), so
    resubmitting a textarea unchanged (with the CRLF line ends every browser sends) is not
    recorded as a change."""

    def field_kwargs(self, db_field, kwargs):
        """formfield_for_dbfield's keyword arguments for `db_field`."""
        if is_plain_text(db_field):
            return {"form_class": PlainTextField, **kwargs}
        return kwargs


class LinkRowLabels:
    """The delete page names the link rows of many-to-many fields that go with the object (a
    question's topics, its related questions) by the field, in the editor's language, with
    both ends: "Topics: “Can I …?” → “Old-age insurance”", instead of Django's generated
    model name ("Question-topic relationship: Question_topics object (2)"). Only public
    hooks: ModelAdmin.get_deleted_objects' answer is relabelled."""

    def relabel(self, model, deleted):
        """get_deleted_objects' 4-tuple for `model`, its link rows relabelled."""
        to_delete, model_count, perms_needed, protected = deleted
        links = _link_rows(model)
        if not links:
            return deleted
        counts = {}
        for key, count in model_count.items():
            field = next(
                (f for t, f in links.items() if str(t._meta.verbose_name_plural) == str(key)), None
            )
            label = _("links “%(field)s”") % {"field": field.verbose_name} if field else key
            counts[label] = count
        return _relabelled(to_delete, links), counts, perms_needed, protected


def _link_rows(model):
    """{auto-created through model: its many-to-many field} for the fields to or from
    `model`."""
    links = {}
    for field in model._meta.get_fields(include_hidden=True):
        if not field.many_to_many:
            continue
        forward = field.field if field.auto_created and not field.concrete else field
        through = forward.remote_field.through
        if through._meta.auto_created:
            links[through] = forward
    return links


def _relabelled(items, links):
    result = []
    for item in items:
        if isinstance(item, list):
            result.append(_relabelled(item, links))
            continue
        result.append(_link_label(str(item), links) or item)
    return result


def _link_label(text, links):
    for through, field in links.items():
        prefix = f"{capfirst(through._meta.verbose_name)}: {through.__name__} object ("
        if text.startswith(prefix) and text.endswith(")"):
            row = through._default_manager.filter(pk=text[len(prefix) : -1]).first()
            if row is None:
                return None
            source, target = (f.name for f in through._meta.concrete_fields if f.is_relation)
            return _("%(field)s: “%(from)s” → “%(to)s”") % {
                "field": capfirst(field.verbose_name),
                "from": getattr(row, source),
                "to": getattr(row, target),
            }
    return None


def readable_key(field, value):
    """Whether `value`, as posted, can name an object by `field` (a primary key or a to_field):
    the field can read it and the database can store it. A forged "abc" or an id larger than
    any integer column (SQLite raised OverflowError at the query: a 500) cannot."""
    try:
        field.run_validators(field.to_python(value))  # integer fields check their range here
    except (ValidationError, TypeError, ValueError, OverflowError):
        return False
    return True


def key_field(model, to_field_name=None):
    meta = model._meta
    return meta.get_field(to_field_name) if to_field_name else meta.pk


class ReadableChoices:
    """ModelChoiceField/ModelMultipleChoiceField: a posted value that cannot name an object
    (see readable_key) is an invalid choice, in the admin's language, before any query."""

    def clean(self, value):
        key = key_field(self.queryset.model, self.to_field_name)
        many = isinstance(value, list | tuple)
        for item in value if many else [value]:
            if item in self.empty_values or isinstance(item, self.queryset.model):
                continue
            if not readable_key(key, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super().clean(value)


class ReadableModelChoiceField(ReadableChoices, forms.ModelChoiceField):
    pass


class ReadableModelMultipleChoiceField(ReadableChoices, forms.ModelMultipleChoiceField):
    pass


class _ValidChoicesOnly:
    """Django's autocomplete widgets filter their queryset by the posted values when the form
    is shown again; a forged value that is no valid key ("abc" for an id, or one too large
    for the database) raised there (a 500) before the field's "Select a valid choice" could be
    shown. Values that the key field cannot read are left out of that query (the field still
    reports them)."""

    def optgroups(self, name, value, attr=None):
        key = key_field(
            self.field.remote_field.model, getattr(self.field.remote_field, "field_name", None)
        )
        valid = [item for item in value if readable_key(key, item)]
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(_ValidChoicesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_ValidChoicesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocomplete:
    """ModelAdmin/InlineModelAdmin hooks: every choice of related objects refuses a value that
    cannot name one (ReadableChoices), and the autocomplete fields get the widgets above (as
    Django builds its own, only another class). Used by the content admin base and by the
    plain inlines and admins that choose related objects."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", ReadableModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", ReadableModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class InlineLimits:
    """Every inline formset of a content admin is bounded: at most the inline's max_num rows
    (DEFAULT_MAX_ROWS when it sets none), checked (validate_max), and Django builds no more
    forms than that whatever TOTAL_FORMS says (absolute_max): a forged count of 100000 is
    refused at once with "Please submit at most … forms", in the editor's language."""

    DEFAULT_MAX_ROWS = 300

    def bound(self, formset_class):
        limit = formset_class.max_num
        if limit is None or limit >= DEFAULT_MAX_NUM:
            limit = self.DEFAULT_MAX_ROWS
        if limit == 0:
            # Who may add no row (a translator: Django sets max_num 0) edits the existing ones:
            # no more forms than any inline may have, and no "at most 0" refusal of them.
            bounds = {"absolute_max": self.DEFAULT_MAX_ROWS}
        else:
            bounds = {"max_num": limit, "absolute_max": limit, "validate_max": True}

        class BoundedFormSet(formset_class):
            pass

        for name, value in bounds.items():
            setattr(BoundedFormSet, name, value)
        BoundedFormSet.__name__ = formset_class.__name__
        return BoundedFormSet
