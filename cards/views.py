from django.views.generic import DetailView

from publishing.redirects import OldSlugRedirectMixin
from publishing.views import DraftPreviewMixin

from .models import CardType, Comparison


class ComparisonDetailView(OldSlugRedirectMixin, DraftPreviewMixin, DetailView):
    def get_queryset(self):
        return Comparison.objects.visible_to(self.request.user).with_content()

    def get_context_data(self, **kwargs):
        legal_basis = self.object.cited_articles(self.request.user)
        return super().get_context_data(legal_basis=legal_basis, **kwargs)


class CardTypeDetailView(OldSlugRedirectMixin, DraftPreviewMixin, DetailView):
    context_object_name = "card"

    def get_queryset(self):
        return CardType.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        comparisons = Comparison.objects.visible_to(self.request.user).filter(
            card_types=self.object
        )
        return super().get_context_data(comparisons=comparisons, **kwargs)
