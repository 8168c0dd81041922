"""Staff preview a draft at the object's real address (a DetailView with this mixin)."""

from django.utils.cache import add_never_cache_headers

from .services import DraftDoesNotFit, drafts_applied


class DraftPreviewMixin:
    """For staff, the page is rendered from the object's draft, applied inside a transaction
    that is rolled back once the page is rendered; the page shows a banner. `?live` shows the
    published version. Visitors go through the plain view: no extra query, never a draft.

    Staff responses are marked never-cache, so no cache of public pages keeps a preview."""

    def get(self, request, *args, **kwargs):
        if not request.user.is_staff:
            return super().get(request, *args, **kwargs)
        response = None if "live" in request.GET else self.render_draft(request, *args, **kwargs)
        if response is None:
            response = super().get(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def preview_objects(self, obj):
        """The objects whose drafts the preview applies: the page's object, and for a page that
        shows the rows of other publishable objects (a law's articles), those too."""
        return [obj]

    def render_draft(self, request, *args, **kwargs):
        """The page rendered with the drafts applied (None if one no longer fits the data: the
        admin says so, and the live rows are shown)."""
        try:
            with drafts_applied(self.preview_objects(self.get_object())) as drafts:
                self.publishing_preview = {"draft": drafts[0] if drafts else None}
                response = super().get(request, *args, **kwargs)
                response.render()
                return response
        except DraftDoesNotFit:
            self.publishing_preview = None
            return None

    def get_context_data(self, **kwargs):
        preview = getattr(self, "publishing_preview", None)
        if preview is not None:
            kwargs.setdefault("publishing_preview", {**preview, "object": self.object})
        return super().get_context_data(**kwargs)
