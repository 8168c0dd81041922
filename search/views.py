from django.shortcuts import redirect
from django.views.generic import TemplateView

from . import query as search_query
from .engine import Results, article_to_jump_to, articles_numbered


class SearchView(TemplateView):
    """/<lang>/search/?q=…: results grouped by kind; an article reference that names one
    article (第五条, "Article 5") goes straight to it. What cannot be searched gets a page
    saying why: 400 for a query longer than any search box sends, 200 otherwise."""

    template_name = "search/results.html"

    def get(self, request, *args, **kwargs):
        raw = request.GET.get("q", "")
        try:
            query = search_query.parse(raw)
        except search_query.QueryError as error:
            context = self.get_context_data(
                q=raw[: search_query.MAX_LENGTH], error=error.message, shorten=error.shorten
            )
            return self.render_to_response(context, status=error.status)
        articles = articles_numbered(query.article_number) if query.article_number else []
        if (article := article_to_jump_to(articles)) is not None:
            return redirect(article)
        results = Results(query, request) if query.terms else None
        context = self.get_context_data(q=query.text, results=results, articles=articles)
        return self.render_to_response(context)
