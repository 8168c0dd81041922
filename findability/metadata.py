"""What a page tells search engines and link previews: its title and description, its JSON-LD
(schema.org) and its Open Graph / Twitter tags. Built once per page (base.html asks once and
every tag reads the same PageMetadata), from the objects the page already has in its template
context (no extra query). A kind's page (publishing.registry: Kind.page) is described by the
builder of that kind (KIND_BUILDERS); other pages by their URL name (PAGE_BUILDERS)."""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from legislation.numbering import article_label
from publishing import registry
from publishing.origin import absolute_url
from translations.i18n import SOURCE_LANGUAGE, is_fallback, language_tag
from translations.registry import source_text
from translations.typography import as_description, bracketed, full_stop, labelled

SCHEMA = "https://schema.org"


@dataclass
class PageMetadata:
    title: str
    description: str = ""
    url: str = ""
    type: str = "website"
    image: str = ""
    image_alt: str = ""
    locale: str = ""
    alternate_locales: list = field(default_factory=list)
    crumbs: list = field(default_factory=list)  # between home and this page: [{name, url}]
    json_ld: list = field(default_factory=list)

    @property
    def json_ld_text(self):
        """The JSON-LD, safe inside <script>: no "</script>" or "<!--" can close it early."""
        text = json.dumps(
            {"@context": SCHEMA, "@graph": self.json_ld}, ensure_ascii=False, indent=None
        )
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def for_page(request, context):
    """PageMetadata for the page being rendered, or None (error pages, the admin)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace == "admin":
        return None
    kind = next((k for k in registry.kinds() if k.page == match.view_name), None)
    builder = KIND_BUILDERS.get(kind.name) if kind else PAGE_BUILDERS.get(match.view_name)
    if builder is None or (kind is not None and not context.get("object")):
        return None  # the 404 page of a detail view has no object
    absolute = absolute_url  # the canonical origin, not the request's Host
    language = get_language()
    section = _("Social security inquiry")
    home = {"name": section, "url": absolute(reverse("home"))}
    meta = builder(context, absolute, language)
    page = context.get("page_obj")  # "?page=N" on the later pages of a list
    meta.url = absolute(request.path) + (getattr(page, "query", "") or "")
    locales = settings.OPEN_GRAPH_LOCALES  # Open Graph wants language_TERRITORY
    meta.locale = locales.get(language, language)
    meta.alternate_locales = [v for k, v in locales.items() if k != language]
    meta.image = meta.image or absolute(reverse("findability:site-share-image"))
    meta.image_alt = meta.image_alt or section
    crumbs = [home, *meta.crumbs]
    if match.view_name != "home":
        crumbs.append({"name": meta.title, "url": meta.url})
    meta.json_ld.append(breadcrumbs(crumbs))
    return meta


def breadcrumbs(crumbs):
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": str(c["name"]), "item": c["url"]}
            for i, c in enumerate(crumbs, start=1)
        ],
    }


def publisher():
    return {"@type": "Organization", "name": str(settings.SITE_NAME)}


def web_page(meta, language, kind="WebPage"):
    return {
        "@type": kind,
        "name": meta.title,
        "description": meta.description,
        "inLanguage": language_tag(language),
        "isPartOf": {"@type": "WebSite", "name": str(settings.SITE_NAME)},
    }


def home_page(context, absolute, language):
    meta = PageMetadata(
        title=_("Social security inquiry"),
        description=_(
            "How citizen cards and social security cards differ, with the statute texts "
            "they rest on."
        ),
    )
    meta.json_ld.append(web_page(meta, language))
    return meta


def law_list(context, absolute, language):
    meta = PageMetadata(
        title=_("Laws"),
        description=_(
            "Laws on social insurance and labour contracts in China, in the Chinese original; "
            "each law says how much of it has been translated."
        ),
    )
    meta.json_ld.append(web_page(meta, language, "CollectionPage"))
    return meta


def guide_page(context, absolute, language):
    meta = PageMetadata(
        title=_("Which card do I need?"),
        description=_(
            "Everyday tasks and the card to bring for each: seeing a doctor, riding the bus or "
            "metro, checking contributions, drawing a pension."
        ),
    )
    questions = [
        {
            "@type": "Question",
            "name": task.question,
            "acceptedAnswer": {
                "@type": "Answer",
                "text": f"{labelled(_('Card to use'), task.card.name)}{full_stop()}{task.reason}",
            },
        }
        for task in context.get("task_list", ())
    ]
    meta.json_ld.append({**web_page(meta, language, "FAQPage"), "mainEntity": questions})
    return meta


def search_page(context, absolute, language):
    meta = PageMetadata(
        title=_("Search"),
        description=_(
            "Search the comparisons, card types and statute texts of this section, in Chinese "
            "or English."
        ),
    )
    meta.json_ld.append(web_page(meta, language, "SearchResultsPage"))
    return meta


def comparison_page(context, absolute, language):
    comparison = context["object"]
    cards = comparison.compared_card_types()
    meta = PageMetadata(
        title=comparison.title,
        description=as_description(comparison.introduction) or comparison.title,
        type="article",
        image=absolute(
            reverse("findability:comparison-share-image", kwargs={"slug": comparison.slug})
        ),
        image_alt=comparison.title,
    )
    meta.json_ld.append(
        {
            "@type": "Article",
            "headline": comparison.title,
            "description": meta.description,
            "inLanguage": language_tag(language),
            "datePublished": comparison.published_on.isoformat(),
            "dateModified": timezone.localtime(comparison.updated_at).isoformat(),
            "image": meta.image,
            "mainEntityOfPage": absolute(comparison.get_absolute_url()),
            "publisher": publisher(),
            "author": publisher(),
            "about": [
                {"@type": "Thing", "name": card.name, "url": absolute(card.get_absolute_url())}
                if card.is_public()
                else {"@type": "Thing", "name": card.name}  # hidden: named, not linked
                for card in cards
            ],
            "citation": [
                {
                    "@type": "Legislation",
                    "name": article.citation,
                    "legislationIdentifier": article_identifier(article),
                    "url": absolute(article.get_absolute_url()),
                }
                for article in comparison.cited_articles()
            ],
        }
    )
    return meta


def question_list(context, absolute, language):
    topic = context.get("topic")
    meta = PageMetadata(
        title=labelled(topic.name, _("Questions")) if topic else _("Questions"),
        description=_(
            "Everyday questions on social insurance and labour contracts, each answered from "
            "the articles of law it cites."
        ),
    )
    if topic:
        meta.crumbs = [{"name": _("Questions"), "url": absolute(reverse("questions:index"))}]
    meta.json_ld.append(web_page(meta, language, "CollectionPage"))
    return meta


def question_page(context, absolute, language):
    """A question is a FAQPage of one Question: its short answer is the accepted answer,
    citing the statute articles it rests on."""
    question = context["object"]
    url = absolute(question.get_absolute_url())
    meta = PageMetadata(
        title=question.question,
        description=as_description(question.short_answer) or question.question,
        type="article",
    )
    meta.crumbs = [{"name": _("Questions"), "url": absolute(reverse("questions:index"))}]
    meta.json_ld.append(
        {
            **web_page(meta, language, "FAQPage"),
            "url": url,
            "datePublished": question.published_on.isoformat(),
            "dateModified": timezone.localtime(question.updated_at).isoformat(),
            "publisher": publisher(),
            "about": [{"@type": "Thing", "name": topic.name} for topic in question.topics.all()],
            "mainEntity": {
                "@type": "Question",
                "name": question.question,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": meta.description,
                    "url": url,
                    "citation": [
                        {
                            "@type": "Legislation",
                            "name": article.citation,
                            "legislationIdentifier": article_identifier(article),
                            "url": absolute(article.get_absolute_url()),
                        }
                        for article in question.cited_articles()
                    ],
                },
            },
        }
    )
    return meta


def card_page(context, absolute, language):
    card = context["object"]
    meta = PageMetadata(title=card.name, description=card.summary)
    meta.json_ld.append(web_page(meta, language))
    return meta


def text_date(law, version=None):
    """The date of the text shown: the version in force on ?date= (legislation.views puts it
    in the context), else today's text."""
    return version.enacted_on if version else (law.amended_on or law.adopted_on)


def law_identifier(law, version=None):
    """The law's official Chinese title, with the date of the text shown: how Chinese
    statutes are cited (there is no ELI for them). Chinese, so in Chinese brackets."""
    with translation.override(SOURCE_LANGUAGE):
        date = bracketed(text_date(law, version).isoformat()).strip()
    return f"{source_text(law, 'title')}{date}"


def article_identifier(article, version=None):
    label = article_label(article.number, SOURCE_LANGUAGE)
    return f"{law_identifier(article.law, version)}{label}"


def legislation(law, absolute, language, version=None):
    in_force = law.repealed_on is None and law.effective_on <= timezone.localdate()
    data = {
        "@type": "Legislation",
        "name": law.title,
        "alternateName": law.short_title,
        "legislationIdentifier": law_identifier(law, version),
        "legislationDate": text_date(law, version).isoformat(),
        "legislationLegalForce": f"{SCHEMA}/{'InForce' if in_force else 'NotInForce'}",
        "legislationJurisdiction": "CN",
        "inLanguage": language_tag(language),
        "url": absolute(law.get_absolute_url()),
    }
    if law.issuing_body:
        data["legislationPassedBy"] = {"@type": "Organization", "name": law.issuing_body}
    return data


def law_page(context, absolute, language):
    law = context["object"]
    meta = PageMetadata(title=law.title, description=law.summary or law.title)
    meta.crumbs = [{"name": _("Laws"), "url": absolute(reverse("legislation:law-list"))}]
    meta.json_ld.append(legislation(law, absolute, language, context.get("version")))
    return meta


def article_page(context, absolute, language):
    article = context["object"]
    law = article.law
    # The wording shown (a past one with ?date=), not always today's.
    text = Truncator(getattr(context.get("shown"), "text", None) or article.text).chars(140)
    meta = PageMetadata(
        title=f"{law.short_title} {article.label}", description=labelled(article.citation, text)
    )
    meta.crumbs = [
        {"name": _("Laws"), "url": absolute(reverse("legislation:law-list"))},
        {"name": law.short_title, "url": absolute(law.get_absolute_url())},
    ]
    version = context.get("version")
    law_data = legislation(law, absolute, language, version)
    meta.json_ld.append(
        {
            "@type": "Legislation",
            "name": article.citation,
            "legislationIdentifier": article_identifier(article, version),
            "legislationDate": law_data["legislationDate"],
            "legislationLegalForce": law_data["legislationLegalForce"],
            "inLanguage": language_tag(
                SOURCE_LANGUAGE if is_fallback(article, "text") else language
            ),
            "text": getattr(context.get("shown"), "text", None) or article.text,
            "url": absolute(article.get_absolute_url()),
            "isPartOf": law_data,
        }
    )
    return meta


# Pages that are not a kind's own, by URL name.
PAGE_BUILDERS = {
    "home": home_page,
    "guide:index": guide_page,
    "questions:index": question_list,
    "questions:topic": question_list,
    "search:results": search_page,
    "legislation:law-list": law_list,
}
# The page of each kind with a page (publishing.registry); the registry's contract tests fail
# for a kind with a page and no builder here.
KIND_BUILDERS = {
    "comparison": comparison_page,
    "card-type": card_page,
    "question": question_page,
    "law": law_page,
    "article": article_page,
}
