from django.views.generic import DetailView

from publishing.fragments import FragmentResponseMixin, PageFragment
from publishing.lookup import published_object
from publishing.pagination import paginate
from publishing.redirects import OldSlugRedirectMixin
from publishing.views import DraftPreviewMixin

from .models import CardType, Comparison


class ComparisonDetailView(
    FragmentResponseMixin, OldSlugRedirectMixin, DraftPreviewMixin, DetailView
):
    def get_queryset(self):
        # Its points, cards and citations are prefetched only if the stored body is not kept.
        return Comparison.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        if queryset is None and not self.request.user.is_staff:  # visitors: SQL compiled once
            return published_object(Comparison, slug=self.kwargs["slug"])
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        fragment = PageFragment.for_object(self.request, self.object)
        legal_basis = None
        if fragment is None or not fragment.has("page", "meta"):
            legal_basis = self.object.load_content().cited_articles(self.request.user)
        return super().get_context_data(legal_basis=legal_basis, page_fragment=fragment, **kwargs)


class CardTypeDetailView(OldSlugRedirectMixin, DraftPreviewMixin, DetailView):
    context_object_name = "card"

    def get_queryset(self):
        return CardType.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        """The comparisons of this card type, a page at a time (publishing.pagination)."""
        comparisons = Comparison.objects.visible_to(self.request.user).filter(
            card_types=self.object
        )
        page = paginate(self.request, comparisons)
        return super().get_context_data(comparisons=page.object_list, page_obj=page, **kwargs)
