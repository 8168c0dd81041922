from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "cards"
    verbose_name = _("Cards and comparisons")

    def ready(self):
        from .integrity import register_guards

        register_guards()

        # After modeltranslation's ready() (it is listed first): the versions must hold the
        # per-language columns (see publishing.versioning).
        from publishing.versioning import register

        from .models import CardType, ComparedCard, Comparison, ComparisonPoint, PointText

        register(CardType)
        register(Comparison, follow=("compared", "points"))
        register(ComparedCard)
        register(ComparisonPoint, follow=("texts",))
        register(PointText)
