from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from publishing.redirects import OldSlugRedirectMixin
from translations.i18n import is_fallback

from .models import Article, Law
from .numbering import parse_article_number


class LawListView(ListView):
    queryset = Law.objects.with_article_count()


class LawDetailView(OldSlugRedirectMixin, DetailView):
    queryset = Law.objects.with_contents()

    def get_context_data(self, **kwargs):
        # From the prefetched articles: no extra query.
        untranslated = sum(is_fallback(article, "text") for article in self.object.articles.all())
        return super().get_context_data(untranslated_count=untranslated, **kwargs)


class ArticleDetailView(OldSlugRedirectMixin, DetailView):
    def old_slug_queryset(self):
        return Law.objects.all()  # the address carries the law's slug

    def get_object(self, queryset=None):
        return get_object_or_404(
            Article.objects.with_law(), law__slug=self.kwargs["slug"], number=self.kwargs["number"]
        )

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            previous=article.get_previous(),
            next=article.get_next(),
            citing=article.comparisons.visible_to(self.request.user),
            **kwargs,
        )


def article_by_label(request, slug, label):
    number = parse_article_number(label)
    if number is None:
        raise Http404("Not an article number")
    return redirect("legislation:article", slug=slug, number=number, permanent=True)
