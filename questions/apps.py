from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    """Questions and answers written by editors: a question, a short answer, a body of ordered
    blocks and the statute articles it rests on. Sits beside cards (it links comparisons)."""

    name = "questions"
    verbose_name = _("Questions")

    def ready(self):
        # After modeltranslation's ready() (it is listed first): history reads the
        # per-language columns (see publishing.versioning).
        from publishing import registry

        from .kinds import KINDS

        for kind in KINDS:
            registry.register(kind)
