"""The seed questions say only what their cited articles say, in the statute's and the
glossary's terms; a quotation is a reference, never pasted text; load_seed runs twice safely."""

import json
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from legislation.models import Article
from legislation.numbering import from_chinese
from questions.models import Question, QuestionBlock, QuestionLegalBasis
from questions.seed import SEED

QUESTIONS = json.loads(SEED.read_text(encoding="utf-8"))["questions"]


def texts(entry, language):
    values = [entry["question"][language], entry["short_answer"][language]]
    return values + [b["text"][language] for b in entry["blocks"] if "text" in b]


def mentioned_articles(entry):
    """The article numbers the answer's words name: 第六十三条 / Article 63."""
    numbers = set()
    for text in texts(entry, "zh_hans"):
        found = re.findall(r"第([一二三四五六七八九十百]+)条", text)
        numbers |= {from_chinese(n) for n in found}
    for text in texts(entry, "en"):
        numbers |= {int(n) for n in re.findall(r"Articles? (\d+)", text)}
        numbers |= {int(n) for n in re.findall(r"Articles \d+ and (\d+)", text)}
    return numbers


@pytest.mark.parametrize("entry", QUESTIONS, ids=[q["slug"] for q in QUESTIONS])
def test_an_answer_names_only_articles_of_its_legal_basis(entry):
    cited = {ref["number"] for ref in entry["legal_basis"]}
    quoted = {b["article"]["number"] for b in entry["blocks"] if b["type"] == "quote"}
    assert mentioned_articles(entry) <= cited
    assert quoted <= cited


@pytest.mark.parametrize("entry", QUESTIONS, ids=[q["slug"] for q in QUESTIONS])
def test_the_seed_uses_the_glossarys_terms(entry):
    english = " ".join(texts(entry, "en"))
    chinese = "".join(texts(entry, "zh_hans"))
    informal = ("industrial injury", "premium", "personal rights record", " units ", "percent")
    assert not [word for word in informal if word in english]
    assert not re.search(r"参保人(?!员)", chinese)
    # Nothing local stated as national: no city named.
    cities = r"[杭广]州|北京|上海|深圳|Hangzhou|Guangzhou|Beijing|Shanghai|Shenzhen"
    assert not re.search(cities, english + chinese)


def test_the_seed_covers_the_issues_questions_and_both_languages():
    slugs = {q["slug"] for q in QUESTIONS}
    assert len(slugs) >= 6
    citations = {(r["law"], r["number"]) for q in QUESTIONS for r in q["legal_basis"]}
    wanted = [("social-insurance-law", n) for n in (4, 33, 45, 53, 54, 60, 63, 74, 86)]
    wanted += [("labour-contract-law", 19), ("labour-contract-law", 20)]
    assert set(wanted) <= citations
    for entry in QUESTIONS:
        assert all(texts(entry, "zh_hans")) and all(texts(entry, "en"))
        assert len(re.findall(r"[。！？]", entry["short_answer"]["zh_hans"])) <= 2


@pytest.mark.django_db
def test_load_seed_twice_changes_no_question(seeded):
    before = list(Question.objects.values_list("pk", "updated_at"))
    out = StringIO()
    call_command("load_seed", stdout=out)
    assert "questions: 0 created, 0 updated, 6 unchanged" in out.getvalue()
    assert list(Question.objects.values_list("pk", "updated_at")) == before


@pytest.mark.django_db
def test_a_quotation_names_an_article_and_has_no_text_of_its_own(seeded):
    translation.activate("en")
    question = Question.objects.first()
    article = Article.objects.get(law__slug="social-insurance-law", number=4)
    with pytest.raises(ValidationError, match="article"):
        QuestionBlock(question=question, type="quote").full_clean()
    with pytest.raises(ValidationError, match="leave this empty"):
        QuestionBlock(question=question, type="quote", article=article, text="pasted").full_clean()
    with pytest.raises(ValidationError, match="no paragraph 3"):
        QuestionBlock(question=question, type="quote", article=article, paragraph=3).full_clean()
    with pytest.raises(ValidationError, match="Only a quotation"):
        QuestionBlock(question=question, type="points", text="一", article=article).full_clean()
    QuestionBlock(question=question, type="quote", article=article, paragraph=2).full_clean()
    with pytest.raises(ValidationError, match="no paragraph 5"):
        QuestionLegalBasis(question=question, article=article, paragraph=5).clean()


@pytest.mark.django_db
def test_an_article_a_question_cites_cannot_be_deleted(seeded):
    from django.db.models import ProtectedError

    article = Article.objects.get(law__slug="labour-contract-law", number=19)
    with pytest.raises(ProtectedError):
        article.delete()


@pytest.mark.django_db
def test_the_seed_questions_translate_every_glossary_term_as_the_glossary_does(seeded):
    from translations.conversion import is_converted
    from translations.registry import target_languages
    from translations.status import build_report

    # Translated languages; a converted one (zh-hant) is machine-converted work by design.
    translated = [code for code in target_languages() if not is_converted(code)]
    models = [Question, QuestionBlock]
    report = build_report(languages=translated, models=models)
    assert [(w.object_label, w.status.field) for w in report.work + report.warnings] == []


def test_the_readmes_seed_list_cites_what_each_seed_question_cites():
    """The README's list of seed questions names, for each, exactly the articles it cites."""
    import json
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    seed = json.loads((root / "questions" / "seed" / "questions.json").read_text("utf-8"))
    cited = [sorted(c["number"] for c in q["legal_basis"]) for q in seed["questions"]]
    readme = " ".join((root / "README.md").read_text("utf-8").split())
    listing = re.search(r"six questions in both languages.*?under eight topics", readme).group()
    groups = [
        sorted(int(n) for n in re.findall(r"\d+", group))
        for group in re.findall(r"\(\s*(?:[^()]*?\b)?Articles? ([\d, –-]+)\)", listing)
    ]
    assert sorted(groups) == sorted(cited)


def test_the_delete_page_of_a_cited_article_names_each_question_once(admin_client, seeded):
    """A question that cites and quotes an article is one row on its delete page, not one per
    reference (its legal basis and its quotation)."""
    article = Article.objects.get(law__slug="social-insurance-law", number=33)
    question = Question.objects.get(slug="who-pays-work-related-injury-insurance")
    page = admin_client.get(f"/en/admin/legislation/article/{article.pk}/delete/")
    html = page.content.decode()
    assert html.count(f"/en/admin/questions/question/{question.pk}/change/") == 1
