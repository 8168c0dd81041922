"""Public list pages, a page at a time: `?page=2`.

One rule for every list (home, laws, a card type's comparisons, the guide, search results):
the first page has no `?page=` in its address (its canonical one), later pages do; a page
number that is not a number, or past the last page, is a 404 in the address's language,
never a 500 and never a silent jump to another page (a crawler must not index one page under
many addresses). Ordering is the same in every language, so page 3 in Chinese and page 3 in
English show the same objects: the hreflang alternates and the language switcher keep it.
"""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import gettext as _

PER_PAGE = 20


def paginate(request, object_list, per_page=PER_PAGE):
    """The page of `object_list` that `?page=` asks for, with what the templates need:

    - `page.links`: [(number or None for a gap, href)] for the numbered navigation;
    - `page.previous_href`, `page.next_href`: neighbours' addresses (None at the ends);
    - `page.query`: "?page=N" for pages after the first, else "" (canonical, hreflang).

    Two queries on a queryset (its count, then the page's rows), whatever its size."""
    paginator = Paginator(object_list, per_page)
    try:
        page = paginator.page(request.GET.get("page") or 1)  # `?page=` alone: the first
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error

    def href(number):
        query = request.GET.copy()
        query.pop("page", None)
        if number > 1:
            query["page"] = number
        encoded = query.urlencode()
        return f"{request.path}?{encoded}" if encoded else request.path

    elided = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    page.links = [(n, href(n)) if isinstance(n, int) else (None, None) for n in elided]
    page.previous_href = href(page.number - 1) if page.has_previous() else None
    page.next_href = href(page.number + 1) if page.has_next() else None
    page.query = f"?page={page.number}" if page.number > 1 else ""
    return page
