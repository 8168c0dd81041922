from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "legislation"
    verbose_name = _("Legislation")

    def ready(self):
        # After modeltranslation's ready() (it is listed first): history reads the
        # per-language columns (see publishing.versioning).
        from django.db.models.signals import post_delete, pre_save

        from publishing import registry

        from . import review
        from .kinds import KINDS
        from .models import Article

        for kind in KINDS:
            registry.register(kind)
        # Legal basis under review (legislation.review): keep the wording cited content was
        # written against before an article's text changes; forget a deleted citer's reviews.
        pre_save.connect(review.on_article_pre_save, sender=Article, dispatch_uid="legal-basis")
        post_delete.connect(review.forget_citer, dispatch_uid="legal-basis-citer")
