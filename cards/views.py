from django.views.generic import DetailView

from publishing.redirects import OldSlugRedirectMixin

from .models import CardType, Comparison


class ComparisonDetailView(OldSlugRedirectMixin, DetailView):
    def get_queryset(self):
        return Comparison.objects.visible_to(self.request.user).with_content()


class CardTypeDetailView(OldSlugRedirectMixin, DetailView):
    model = CardType
    context_object_name = "card"

    def get_context_data(self, **kwargs):
        comparisons = Comparison.objects.visible_to(self.request.user).filter(
            card_types=self.object
        )
        return super().get_context_data(comparisons=comparisons, **kwargs)
