from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from legislation.models import Article

from . import query as search_query
from .engine import Results, article_in_law, article_url, articles_numbered


# GET only: a POST is answered 405 (not the CSRF failure page, which says a form expired
# although the search form never posts); the view changes nothing, so nothing to forge.
@method_decorator(csrf_exempt, name="dispatch")
class SearchView(TemplateView):
    """/<lang>/search/?q=…: results grouped by kind; an article reference that names one
    article (劳动合同法第十条, "Labour Contract Law Article 10", or 第五条 when only one law
    has an Article 5) goes straight to it; a bare 第五条 lists each law's Article 5 first.
    What cannot be searched gets a page saying why: 400 for a query longer than any search
    box sends, 200 otherwise."""

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
        numbered = []
        if query.article_number and query.law_name:  # 劳动合同法第十条: that law's article
            if (article := article_in_law(query.law_name, query.article_number)) is not None:
                return redirect(article_url(article, query.paragraph_number, query.item_number))
        elif query.article_number:  # 第二条: each law's Article 2, unless only one has it
            numbered = articles_numbered(query.article_number)
            if len(numbered) == 1:
                article = Article.objects.with_law().get(pk=numbered[0])
                return redirect(article_url(article, query.paragraph_number, query.item_number))
        results = Results(query, request, numbered) if query.terms else None
        context = self.get_context_data(q=query.text, results=results)
        return self.render_to_response(context)
