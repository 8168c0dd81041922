from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "legislation"
    verbose_name = _("Legislation")

    def ready(self):
        # After modeltranslation's ready() (it is listed first): the versions must hold the
        # per-language columns (see publishing.versioning).
        from publishing.versioning import register

        from .models import Article, ArticleWording, Chapter, Law, LawVersion, Section

        # A law's chapters, sections and legal versions are parts of it: edited on its page,
        # kept in its drafts and history, public when it is. An article's older wordings are
        # parts of the article.
        register(Law, follow=("chapters", "sections", "versions"))
        register(Chapter)
        register(Section)
        register(LawVersion)
        register(Article, follow=("wordings",))
        register(ArticleWording)
