"""The content kinds of this app (publishing.registry), registered from its AppConfig.ready()."""

from publishing.registry import Kind

from .models import Article, ArticleWording, Chapter, Law, LawVersion, Section

# A law's chapters, sections and legal versions are parts of it: edited on its page, kept in
# its drafts and history, public when it is. An article's older wordings are parts of it.
LAW = Kind(
    name="law",
    model=Law,
    page="legislation:law",
    api="api:law",
    api_list="api:law-list",
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
    api="api:article",
    api_list="api:article-list",
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
