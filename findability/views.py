from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from cards.models import Comparison

from . import share_image


def _comparison(slug):
    return get_object_or_404(Comparison.objects.published().with_card_types(), slug=slug)


def _png(data):
    return HttpResponse(data, content_type="image/png")


@cache_control(public=True, max_age=3600)
@condition(last_modified_func=lambda request, slug: _comparison(slug).updated_at)
def comparison_share_image(request, slug):
    """The link-preview picture of a published comparison, in the page's language."""
    comparison = _comparison(slug)
    return _png(
        share_image.render(
            title=comparison.title,
            cards=[card.name for card in comparison.compared_card_types()],
            section=_("Social security inquiry"),
            address=request.get_host() + comparison.get_absolute_url(),
            language=get_language_info(get_language())["name_local"],
        )
    )


@cache_control(public=True, max_age=86400)
def site_share_image(request):
    return _png(
        share_image.render(
            title=_("Social security inquiry"),
            cards=[],
            section=str(settings.SITE_NAME),
            address=request.get_host(),
            language=get_language_info(get_language())["name_local"],
        )
    )
