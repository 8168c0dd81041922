import datetime
from urllib.parse import urlencode

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView

from publishing.fragments import FragmentResponseMixin, PageFragment
from publishing.lookup import published_object
from publishing.pagination import paginate
from publishing.redirects import OldSlugRedirectMixin, redirect_old_slugs
from publishing.services import having_drafts
from publishing.views import DraftPreviewMixin
from translations.i18n import SOURCE_LANGUAGE, is_fallback

from .linking import ReferenceLinker
from .models import Article, Law
from .numbering import parse_article_number
from .rendering import article_bodies


class LawListView(ListView):
    """All laws, a page at a time (publishing.pagination)."""

    def get_queryset(self):
        return Law.objects.published().with_article_count().with_translation_counts()

    def get_context_data(self, **kwargs):
        page = paginate(self.request, self.object_list)
        return super().get_context_data(object_list=page.object_list, page_obj=page, **kwargs)


class StatuteViewMixin:
    """?date=YYYY-MM-DD (the law as in force that day) and ?view=parallel (Chinese beside
    the English) for the law and article pages."""

    def as_of(self):
        """(date asked for or None, whether the date given was unreadable)."""
        value = self.request.GET.get("date", "")
        if not value:
            return None, False
        try:
            return datetime.date.fromisoformat(value), False
        except ValueError:
            return None, True

    def get_context_data(self, **kwargs):
        date, bad_date = self.as_of()
        parallel = (
            self.request.GET.get("view") == "parallel"
            and self.request.LANGUAGE_CODE != SOURCE_LANGUAGE
        )
        query = f"?date={date.isoformat()}" if date else ""
        # Previous/next keep both the date and the parallel view.
        pager = urlencode(
            {
                **({"date": date.isoformat()} if date else {}),
                **({"view": "parallel"} if parallel else {}),
            }
        )
        return super().get_context_data(
            date=date,
            bad_date=bad_date,
            parallel=parallel,
            date_query=query,
            pager_query=f"?{pager}" if pager else "",
            # Links to another law's articles keep the view, not this law's date.
            view_query="?view=parallel" if parallel else "",
            **kwargs,
        )


class LawDetailView(
    FragmentResponseMixin, OldSlugRedirectMixin, DraftPreviewMixin, StatuteViewMixin, DetailView
):
    def get_queryset(self):
        # Its chapters, articles and versions are prefetched only if the stored body is not
        # kept (publishing.fragments).
        return Law.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        if queryset is None and not self.request.user.is_staff:  # visitors: SQL compiled once
            return published_object(Law, slug=self.kwargs["slug"])
        return super().get_object(queryset)

    def preview_objects(self, law):
        """Staff preview the law with its draft and the drafts of its articles."""
        return [law, *having_drafts(Article.objects.filter(law=law))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        law, date = self.object, context["date"]
        fragment = PageFragment.for_object(
            self.request, law, date, context["bad_date"], context["parallel"]
        )
        context["page_fragment"] = fragment
        if fragment is not None and fragment.has("page", "meta"):
            return context
        law.load_contents(Article.objects.visible_to(self.request.user))
        articles = law.articles_on(date) if date else list(law.articles.all())
        # From the prefetched articles: no extra query.
        untranslated = sum(is_fallback(article, "text") for article in articles)
        linker = ReferenceLinker.for_law_page(
            law,
            articles,
            context["pager_query"],
            linkable=Article.objects.visible_to(self.request.user),
            other_query=context["view_query"],
        )
        # Remembered bodies are the public ones: staff may see drafts and link to them.
        memo = None if context["parallel"] or self.request.user.is_staff else article_bodies(linker)
        context.update(
            articles=articles,
            # Staff see a chapter without articles (yet); visitors only those with some.
            contents=law.table_of_contents(articles, empty_chapters=self.request.user.is_staff),
            version=law.version_on(date) if date else None,
            not_yet_in_force=bool(date) and law.not_yet_in_force_on(date),
            amendments=law.amendments(),
            linker=linker,
            article_bodies=memo,
            untranslated_count=untranslated,
        )
        return context


class ArticleDetailView(OldSlugRedirectMixin, DraftPreviewMixin, StatuteViewMixin, DetailView):
    def old_slug_queryset(self):
        return Law.objects.visible_to(self.request.user)  # the address carries the law's slug

    def visible_articles(self):
        return Article.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        return get_object_or_404(
            self.visible_articles().with_law().with_wordings(),
            law__slug=self.kwargs["slug"],
            number=self.kwargs["number"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article, date = self.object, context["date"]
        versions = list(article.law.versions.all())
        in_force = [v for v in versions if date and v.effective_on <= date]
        # A date before the law came into force (or a law without recorded versions) shows
        # the current text under the one notice saying so, as the law page does; only a
        # date the law was in force on can show an older wording or no article at all.
        context.update(
            shown=article.on(date) if date and in_force else article,
            changes=article.changes(),
            versions=versions,
            version=in_force[-1] if in_force else None,
            not_yet_in_force=bool(date) and article.law.not_yet_in_force_on(date),
            previous=article.get_previous(self.visible_articles()),
            next=article.get_next(self.visible_articles()),
            linker=ReferenceLinker.for_article_page(
                article,
                context["pager_query"],
                self.visible_articles(),
                other_query=context["view_query"],
            ),
        )
        return context


# What the article page reads from its query string: kept when a typed number redirects.
KEPT_PARAMETERS = ("date", "view")


@redirect_old_slugs(lambda: Law.objects.published())
def article_by_label(request, slug, label):
    """第十条, 第十條, 02, Article 10 …: a 301 to the article's address, with the date and
    view asked for; a 404 (not a redirect to one) when the law has no such article that the
    visitor may see."""
    number = parse_article_number(label)
    if number is None:
        raise Http404("Not an article number")
    articles = Article.objects.visible_to(request.user)
    if not articles.filter(law__slug=slug, number=number).exists():
        raise Http404("No such article")
    url = reverse("legislation:article", kwargs={"slug": slug, "number": number})
    query = urlencode([(k, request.GET[k]) for k in KEPT_PARAMETERS if k in request.GET])
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
