"""The content kinds of this app (publishing.registry), registered from its AppConfig.ready()."""

from publishing.registry import Endpoint, Kind

from .models import Article, ArticleWording, Chapter, Law, LawVersion, Section

# A law's chapters, sections and legal versions are parts of it: edited on its page, kept in
# its drafts and history, public when it is. An article's older wordings are parts of it.
LAW = Kind(
    name="law",
    model=Law,
    page="legislation:law",
    api_endpoints=(
        Endpoint(
            "laws/",
            "api.serializers.LawSerializer",
            "Laws with their chapters",
            "laws",
            many=True,
            selector="api.selectors.laws_with_chapters",
            root="laws",
        ),
        Endpoint(
            "laws/<slug:slug>/",
            "api.serializers.LawSerializer",
            "A law with its chapters and sections",
            "laws",
            selector="api.selectors.laws_with_chapters",
            old_slugs="law",
        ),
    ),
    search_fields=("title", "short_title", "summary"),
    search_group="laws",
    search_title_fields=("title", "short_title"),
    search_sources=("search.engine.LawSource",),  # ranked by the weight editors give
    sitemap="laws",
    feed=("-amended_on", "-adopted_on"),
    dates=("adopted_on", "amended_on", "adopted_on"),
    description=("summary", "title"),
    follow=("chapters", "sections", "versions"),
    parts={Chapter: (), Section: (), LawVersion: ()},
    shows=((Chapter, "chapters", "pk"), (Section, "sections", "pk")),
)

ARTICLE = Kind(
    name="article",
    model=Article,
    related=("law",),
    key_fields=("law__slug", "number"),
    page="legislation:article",
    url_kwargs=("slug", "number"),
    # Under its law's address (whose old slugs redirect); the views read the ?date= too.
    api_endpoints=(
        Endpoint(
            "laws/<slug:slug>/articles/",
            "api.serializers.ArticleSerializer",
            "The articles of a law",
            "laws",
            many=True,
            view="api.views.ArticleListView",
            old_slugs="law",
        ),
        Endpoint(
            "laws/<slug:slug>/articles/<article_number:number>/",
            "api.serializers.ArticleSerializer",
            "A statute article",
            "laws",
            view="api.views.ArticleDetailView",
            old_slugs="law",
        ),
    ),
    embed="embed:article",
    search_fields=("text",),
    search_group="laws",
    # An article whose law's title matches (社保 → 社会保险法) ranks first.
    search_title_fields=("law__title", "law__short_title"),
    search_sources=("search.engine.ArticleSource",),  # titled by its citation, with anchors
    sitemap="articles",
    follow=("wordings",),
    parts={ArticleWording: ()},
    within="law",  # public while its law is too
    shows=(
        (Law, "law", "pk"),
        (Chapter, "chapter", "pk"),
        (Section, "section", "pk"),
        (ArticleWording, "wordings", "pk"),
        (LawVersion, "wordings__version", "pk"),
    ),
    refers_to=(("law", "law"),),
)

KINDS = (LAW, ARTICLE)
