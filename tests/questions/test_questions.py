"""The questions: pages, API, search, links from the home and article pages, in both
languages, with the seed questions; queries bounded whatever the number of blocks, citations
and questions."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from legislation.models import Article
from questions.models import Question, QuestionBlock, QuestionLegalBasis, Topic
from tests.factories import make_law
from translations.registry import languages

pytestmark = pytest.mark.django_db

SLUG = "probation-period"


def json_ld(html):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))["@graph"]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ["试用期最长可以约定多久？", "不得超过六个月",
                     "《中华人民共和国劳动合同法》第二十条"]),
        ("en", ["How long may a probation period be?", "not more than six months",
                "Article 20 of the Labour Contract Law"]),
    ],
)  # fmt: skip
def test_a_question_page_shows_its_answer_blocks_and_legal_basis(client, seeded, language, words):
    response = client.get(f"/{language}/questions/{SLUG}/")
    assert response.status_code == 200
    html = response.content.decode()
    for word in words:
        assert word in html
    # The quotation is the article's own stored text, linked to the article.
    article = Article.objects.get(law__slug="labour-contract-law", number=20)
    assert html.count(f'href="/{language}/laws/labour-contract-law/articles/20/"') >= 2
    assert article.text_zh_hans in html or language != "zh-hans"
    assert "<table" in html and "<ol" in html  # the table and the numbered points


def test_a_quotation_shows_the_articles_current_text_not_a_copy(client, seeded):
    article = Article.objects.get(law__slug="labour-contract-law", number=20)
    article.text_zh_hans = "劳动者在试用期的工资按照新的规定执行。"
    article.save()
    html = client.get(f"/zh-hans/questions/{SLUG}/").content.decode()
    assert "劳动者在试用期的工资按照新的规定执行。" in html


def test_a_quoted_paragraph_is_only_that_paragraph(client, seeded):
    html = client.get("/en/questions/maternity-insurance-benefits/").content.decode()
    answer = html.split('id="answer-heading"')[1].split('id="legal-basis-heading"')[0]
    assert "Maternity insurance benefits comprise maternity medical expenses" in answer
    assert 'href="/en/laws/social-insurance-law/articles/54/#article-54-2"' in answer
    assert (
        "The funds required are paid from the maternity insurance fund."
        not in (answer.split("<blockquote")[1].split("</blockquote>")[0])
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_question_page_is_a_faq_page_citing_its_articles(client, seeded, language):
    html = client.get(f"/{language}/questions/{SLUG}/").content.decode()
    faq = next(item for item in json_ld(html) if item["@type"] == "FAQPage")
    question = faq["mainEntity"]
    assert question["@type"] == "Question"
    assert question["name"] in html
    answer = question["acceptedAnswer"]
    assert answer["@type"] == "Answer" and answer["text"]
    cited = [citation["url"] for citation in answer["citation"]]
    assert cited == [
        f"http://testserver/{language}/laws/labour-contract-law/articles/{n}/" for n in (19, 20)
    ]
    assert f'<meta name="description" content="{answer["text"][:40]}' in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_list_shows_every_seed_question_and_filters_by_topic(client, seeded, language):
    html = client.get(f"/{language}/questions/").content.decode()
    questions = Question.objects.published()
    assert questions.count() >= 6
    for question in questions:
        assert f'href="{question.get_absolute_url().replace("zh-hans", language)}"' in html
    topic = Topic.objects.get(slug="labour-contracts")
    page = client.get(f"/{language}/questions/topics/{topic.slug}/")
    assert page.status_code == 200
    listed = page.content.decode()
    assert f"/{language}/questions/{SLUG}/" in listed
    assert f"/{language}/questions/unemployment-benefit-conditions/" not in listed
    assert client.get(f"/{language}/questions/topics/no-such-topic/").status_code == 404
    assert client.get(f"/{language}/questions/?page=9").status_code == 404


def test_an_unpublished_question_is_a_404_and_not_listed(client, seeded):
    Question.objects.filter(slug=SLUG).update(is_published=False)
    assert client.get(f"/en/questions/{SLUG}/").status_code == 404
    assert SLUG not in client.get("/en/questions/").content.decode()
    assert client.get(f"/api/v1/questions/{SLUG}/").status_code == 404


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_home_and_article_pages_link_to_questions(client, seeded, language):
    home = client.get(f"/{language}/").content.decode()
    assert f'href="/{language}/questions/"' in home
    assert f'href="/{language}/questions/{SLUG}/"' in home
    article = client.get(f"/{language}/laws/labour-contract-law/articles/19/").content.decode()
    assert 'id="questions-citing-heading"' in article
    assert f'href="/{language}/questions/{SLUG}/"' in article
    uncited = client.get(f"/{language}/laws/labour-contract-law/articles/1/").content.decode()
    assert 'id="questions-citing-heading"' not in uncited


@pytest.mark.parametrize(
    ("q", "title"), [("试用期", "试用期最长可以约定多久？"), ("probation period", SLUG)]
)
def test_search_finds_questions(client, seeded, q, title):
    html = client.get("/en/search/", {"q": q}).content.decode()
    assert f'href="/en/questions/{SLUG}/"' in html


@pytest.mark.parametrize(("language", "word"), [("zh-hans", "试用期"), ("en", "probation")])
def test_the_api_lists_and_details_questions_in_both_languages(client, seeded, language, word):
    listing = client.get("/api/v1/questions/", {"lang": language})
    assert listing.status_code == 200
    slugs = [item["slug"] for item in listing.json()["results"]]
    assert SLUG in slugs and len(slugs) >= 6
    detail = client.get(f"/api/v1/questions/{SLUG}/", {"lang": language}).json()
    assert word in detail["question"]["value"].lower()
    assert detail["question"]["language"] == language
    types = [block["type"] for block in detail["blocks"]]
    assert types == ["table", "points", "quote"]
    quote = detail["blocks"][2]["quotation"]
    assert quote["article"]["number"] == 20 and quote["quoted_text"]
    assert [c["article"]["number"] for c in detail["legal_basis"]] == [19, 20]
    assert detail["embed_url"].endswith(f"/{language}/embed/questions/{SLUG}/")


def test_the_openapi_schema_documents_the_questions(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/questions/" in schema["paths"]
    assert "/api/v1/questions/{slug}/" in schema["paths"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_embed_shows_the_short_answer(client, seeded, language):
    response = client.get(f"/{language}/embed/questions/{SLUG}/")
    assert response.status_code == 200
    question = Question.objects.get(slug=SLUG)
    column = f"short_answer_{language.replace('-', '_')}"
    assert getattr(question, column)[:20] in response.content.decode()


def test_the_seed_cites_and_quotes_only_existing_paragraphs_in_both_languages(seeded):
    questions = Question.objects.with_content()
    assert questions.count() >= 6
    for question in questions:
        assert question.citations.all(), question
        for code in languages():
            column = f"question_{code.replace('-', '_')}"
            assert getattr(question, column), (question, code)
        for row in [*question.citations.all(), *question.blocks.filter(type="quote")]:
            assert row.quoted(), (question, row)
        quoted = {block.article_id for block in question.blocks.all() if block.article_id}
        assert quoted <= {citation.article_id for citation in question.citations.all()}


def make_question(law, *, blocks, citations, slug="q"):
    question = Question.objects.create(
        slug=slug,
        question_zh_hans="问题",
        question_en="Question",
        short_answer_zh_hans="回答。",
        short_answer_en="Answer.",
        is_published=True,
        last_published_at=timezone.now(),
    )
    articles = list(law.articles.order_by("number"))
    question.topics.set([Topic.objects.create(slug=f"{slug}-t", name_zh_hans="主题")])
    QuestionLegalBasis.objects.bulk_create(
        QuestionLegalBasis(question=question, article=article) for article in articles[:citations]
    )
    QuestionBlock.objects.bulk_create(
        QuestionBlock(
            question=question,
            position=i,
            type="quote" if i % 2 else "points",
            article=articles[i % len(articles)] if i % 2 else None,
            text_zh_hans="" if i % 2 else "一\n二",
        )
        for i in range(blocks)
    )
    return question


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_queries_do_not_grow_with_blocks_citations_or_questions(client, language):
    counts = {"page": [], "list": [], "api": []}
    for size in (3, 40):
        law = make_law(slug=f"law-{size}", articles=size)
        question = make_question(law, blocks=size, citations=size, slug=f"q{size}")
        for n in range(size):
            make_question(law, blocks=1, citations=1, slug=f"q{size}-{n}")
        counts["page"].append(count(client, f"/{language}/questions/{question.slug}/"))
        counts["list"].append(count(client, f"/{language}/questions/"))
        counts["api"].append(count(client, f"/api/v1/questions/{question.slug}/?lang={language}"))
    for name, (small, large) in counts.items():
        assert small == large <= 12, (name, counts)


def test_a_quotation_whose_source_changed_keeps_its_note_in_the_caption(client, seeded):
    """After the Chinese of a quoted article changes, the English quote says its translation
    may lag, inside the figure's caption (a figure's caption is its first or last child: a
    note after it is invalid HTML)."""
    from bs4 import BeautifulSoup

    from translations.registry import SOURCE_LANGUAGE, column

    article = Article.objects.with_law().get(law__slug="social-insurance-law", number=33)
    setattr(
        article,
        column("text", SOURCE_LANGUAGE),
        "职工应当参加工伤保险，由用人单位按时足额缴纳工伤保险费，职工不缴纳工伤保险费。",
    )
    article.save()
    page = client.get("/en/questions/who-pays-work-related-injury-insurance/")
    figure = BeautifulSoup(page.content, "html.parser").select_one("figure.quote")
    assert figure.select_one("figcaption .note--outdated") is not None
    assert [child.name for child in figure.find_all(recursive=False)][-1] == "figcaption"


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_the_site_navigation_links_to_questions(client, seeded, language):
    from bs4 import BeautifulSoup

    for path in ("", "laws/", "guide/"):
        soup = BeautifulSoup(client.get(f"/{language}/{path}").content, "html.parser")
        links = [a["href"] for a in soup.select(".site-nav a")]
        assert f"/{language}/questions/" in links, (path, links)
