"""Share images (Open Graph / Twitter). Drawing one takes a noticeable fraction of a second,
so the PNG is cached, keyed by the content version (any edit of public content, a card's
name included, makes a new one)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from cards.models import Comparison
from publishing.content import content_version
from publishing.origin import CanonicalSite

from . import share_image

CACHE_SECONDS = 7 * 24 * 3600


def _comparison(slug):
    return get_object_or_404(Comparison.objects.published().with_card_types(), slug=slug)


def _png(key, draw):
    version = content_version()
    if version is None:  # the cache is unreachable: draw, keep nothing
        return HttpResponse(draw(), content_type="image/png")
    try:
        data = cache.get_or_set(f"findability:share:{version}:{key}", draw, CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - a cache outage must not cost the picture
        data = draw()
    return HttpResponse(data, content_type="image/png")


def _language_name():
    return get_language_info(get_language())["name_local"]


@cache_control(public=True, max_age=3600)
@condition(last_modified_func=lambda request, slug: _comparison(slug).updated_at)
def comparison_share_image(request, slug):
    """The link-preview picture of a published comparison, in the page's language."""
    comparison = _comparison(slug)
    address = CanonicalSite().domain + comparison.get_absolute_url()
    return _png(
        f"{address}:{get_language()}",
        lambda: share_image.render(
            title=comparison.title,
            cards=[card.name for card in comparison.compared_card_types()],
            section=_("Social security inquiry"),
            address=address,
            language=_language_name(),
        ),
    )


@cache_control(public=True, max_age=86400)
def site_share_image(request):
    return _png(
        f"{CanonicalSite().domain}:{get_language()}",
        lambda: share_image.render(
            title=_("Social security inquiry"),
            cards=[],
            section=str(settings.SITE_NAME),
            address=CanonicalSite().domain,
            language=_language_name(),
        ),
    )
