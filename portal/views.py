from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers
from django.views.generic import TemplateView

from cards.models import CardType, Comparison
from guide.models import Task
from legislation.models import Law
from translations.i18n import preferred_language


@vary_on_headers("Accept-Language", "Cookie")
def language_redirect(request):
    with translation.override(preferred_language(request)):
        return HttpResponseRedirect(reverse("home"))


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /zh-hans/admin/", "Disallow: /en/admin/"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


HOME_TASKS = 6  # the short "Which card do I need?" block; the guide page lists them all


class HomeView(TemplateView):
    """The section home: 社保查询 / Social security inquiry."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comparisons=Comparison.objects.visible_to(self.request.user).with_card_types(),
            card_types=CardType.objects.visible_to(self.request.user),
            laws=Law.objects.published().with_article_count(),
            tasks=Task.objects.visible_to(self.request.user).with_links()[:HOME_TASKS],
            **kwargs,
        )
