"""The Labour Contract Law's English and the 2010 wordings' English reach the site through
load_seed (the import service), on a new database and on one loaded from the earlier seed; the
laws page says which laws have English from the data."""

import csv
import json
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.formats import date_format

from legislation.models import Article, ArticleWording, Chapter, Law
from legislation.parsing import parse_law_text
from legislation.seed import SEED, load_laws
from publishing.models import RevisionKind
from publishing.versioning import revisions_of
from tests.legislation.test_english_text import term_pattern
from translations.seeding import Report
from translations.tracking import UP_TO_DATE, statuses

GLOSSARY = Path(__file__).resolve().parents[2] / "translations" / "seed" / "glossary.tsv"
LCL = "/{lang}/laws/labour-contract-law/"
SIL = "/{lang}/laws/social-insurance-law/"


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    return re.sub(r"\s+", " ", element.get_text()).strip()


def parsed(name, language="zh-hans"):
    return parse_law_text((SEED / name).read_text(encoding="utf-8"), language)


# -- the shipped files, read by the project's parser ------------------------------------------


@pytest.fixture(scope="module")
def labour():
    return parsed("labour-contract-law-2012.zh-hans.txt"), parsed(
        "labour-contract-law-2012.en.txt", "en"
    )


def test_every_article_pairs_paragraph_for_paragraph_and_item_for_item(labour):
    chinese, english = labour
    assert [a.number for a in english.articles] == list(range(1, 99))
    pairs = list(zip(chinese.articles, english.articles, strict=True))
    assert [(en.chapter_number, en.section_number) for _, en in pairs] == [
        (zh.chapter_number, zh.section_number) for zh, _ in pairs
    ]
    mismatched = {
        zh.number: (len(zh.paragraphs), len(en.paragraphs))
        for zh, en in pairs
        if len(zh.paragraphs) != len(en.paragraphs)
    }
    assert mismatched == {}
    items = [
        (zh.number, i)
        for zh, en in pairs
        for i, (z, e) in enumerate(zip(zh.paragraphs, en.paragraphs, strict=True))
        if bool(re.match(r"（[一二三四五六七八九十]+）", z)) != bool(re.match(r"\(\d+\) ", e))
    ]
    assert items == []


def test_headings_and_notes_translated(labour):
    chinese, english = labour
    assert english.title == "Labour Contract Law of the People's Republic of China"
    assert len(english.history) == len(chinese.history) == 2
    assert [c.title for c in english.chapters][1:4] == [
        "Conclusion of Labour Contracts",
        "Performance and Modification of Labour Contracts",
        "Dissolution and Termination of Labour Contracts",
    ]
    assert [s.title for s in english.sections] == [
        "Collective Contracts",
        "Labour Dispatch",
        "Part-Time Employment",
    ]
    # The 题注 cites the amending decision with 〈〉 inside 《》, not ASCII brackets.
    assert "《关于修改〈中华人民共和国劳动合同法〉的决定》" in chinese.history[1]
    assert not re.search(r"[<>]", "".join(chinese.history))


def test_the_glossary_terms_are_used_and_no_employment_contract(labour):
    """Wherever an article's Chinese uses a glossary term, its English has the agreed one (as
    the Social Insurance Law's test checks); "employment contract" is never used."""
    chinese, english = labour
    with GLOSSARY.open(encoding="utf-8", newline="") as file:
        terms = [row for row in csv.DictReader(file, delimiter="\t") if len(row["zh"]) > 1]
    terms = [row for row in terms if row["zh"] not in ("总则", "附则")]
    missing = []
    for zh, en in zip(chinese.articles, english.articles, strict=True):
        english_text = " ".join(en.paragraphs).lower()
        for row in terms:
            text = "".join(zh.paragraphs)
            for longer in terms:  # 劳动合同 inside 固定期限劳动合同 follows the longer term
                if row["zh"] in longer["zh"] and row["zh"] != longer["zh"]:
                    text = text.replace(longer["zh"], "□")
            if row["zh"] in text and not term_pattern(row["en"]).search(english_text):
                missing.append((zh.number, row["zh"], row["en"]))
    assert missing == []
    shipped = (SEED / "labour-contract-law-2012.en.txt").read_text(encoding="utf-8")
    shipped += (SEED / "labour-contract-law.json").read_text(encoding="utf-8").split('"was"')[0]
    assert not re.search(r"(?i)employment contract|\blabor\b|rescission", shipped)


def test_the_2010_english_differs_from_today_only_where_the_chinese_does():
    """The 2010 English repeats today's English except in the articles the 2018 amendment
    changed, so the two cannot drift apart."""
    texts = {
        year: {
            language: {a.number: a.paragraphs for a in parsed(name, language).articles}
            for language, name in (
                ("zh-hans", f"social-insurance-law-{year}.zh-hans.txt"),
                ("en", f"social-insurance-law-{year}.en.txt"),
            )
        }
        for year in (2010, 2018)
    }
    changed = {
        number
        for number, paragraphs in texts[2018]["zh-hans"].items()
        if texts[2010]["zh-hans"][number] != paragraphs
    }
    assert changed == {57, 64, 66}
    differs = {
        number
        for number, paragraphs in texts[2018]["en"].items()
        if texts[2010]["en"][number] != paragraphs
    }
    assert differs == changed
    for number in changed:
        assert len(texts[2010]["en"][number]) == len(texts[2010]["zh-hans"][number])


# -- load_seed ----------------------------------------------------------------------------------


def english_count(law):
    return law.articles.exclude(text_en__isnull=True).exclude(text_en="").count()


def assert_all_english_up_to_date(law):
    labour = Law.objects.get(slug="labour-contract-law")
    assert english_count(labour) == 98
    for article in labour.articles.all():
        assert len(article.paragraphs) == len(re.split(r"\n\n", article.text_zh_hans))
        assert len(article.text_en.split("\n\n")) == len(article.text_zh_hans.split("\n\n"))
    objects = [labour, *labour.chapters.all(), *labour.sections.all(), *labour.articles.all()]
    old = ArticleWording.objects.filter(
        article__law__slug="social-insurance-law",
        article__number__in=[57, 64, 66],
        version__enacted_on="2010-10-28",
    )
    assert [bool(w.text_en) for w in old] == [True, True, True]
    objects += old
    english = statuses(objects, ["en"])
    assert Counter(s.status for s in english) == {UP_TO_DATE: len(english)}


def test_load_seed_gives_every_article_and_the_2010_wordings_english(seeded):
    assert_all_english_up_to_date(Law.objects.get(slug="labour-contract-law"))
    assert not Chapter.objects.filter(title_en__icontains="employment contract").exists()


@pytest.fixture
def earlier_seed(tmp_path):
    """The seed as shipped before: the Labour Contract Law in Chinese only (headings saying
    "Employment Contracts", ASCII brackets in the 题注), no 2010 English."""
    for path in SEED.iterdir():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "labour-contract-law-2012.en.txt").unlink()
    (tmp_path / "social-insurance-law-2010.en.txt").unlink()
    text = tmp_path / "labour-contract-law-2012.zh-hans.txt"
    old = text.read_text(encoding="utf-8").replace("〈", "<").replace("〉", ">")
    text.write_text(old, encoding="utf-8")
    sil = json.loads((tmp_path / "social-insurance-law.json").read_text(encoding="utf-8"))
    del sil["versions"][0]["english_file"]
    lcl = json.loads((tmp_path / "labour-contract-law.json").read_text(encoding="utf-8"))
    del lcl["english_file"], lcl["versions"]
    lcl["summary"] = lcl["summary"]["was"][0]
    lcl["chapters"] = {key: t.get("was", [t])[0] for key, t in lcl["chapters"].items()}
    for name, data in (("social-insurance-law.json", sil), ("labour-contract-law.json", lcl)):
        (tmp_path / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_a_deploy_onto_a_database_loaded_from_the_earlier_seed_fills_the_english_in(
    db, earlier_seed
):
    load_laws(Report(), seed=earlier_seed)
    labour = Law.objects.get(slug="labour-contract-law")
    assert english_count(labour) == 0
    assert labour.chapters.get(number=2).title_en == "Conclusion of Employment Contracts"
    assert "<中华人民共和国劳动合同法>" in labour.history_zh_hans
    # An editor's own heading is not a seed value: it is kept.
    labour.chapters.filter(number=6).update(title_en="Oversight and Inspection")

    report = Report()
    load_laws(report, seed=SEED)

    labour.refresh_from_db()
    assert_all_english_up_to_date(labour)
    assert labour.chapters.get(number=2).title_en == "Conclusion of Labour Contracts"
    assert labour.chapters.get(number=6).title_en == "Oversight and Inspection"
    assert "〈中华人民共和国劳动合同法〉" in labour.history_zh_hans
    assert "labour contracts" in labour.summary_en
    assert report.kept == ["labour-contract-law: 第六章 (en, title_en)"]  # only the edit
    assert report.tally(Article).updated == 98
    # The corrections are in the law's history as a seed update, not silent.
    assert revisions_of(labour).first().kind.kind == RevisionKind.Kind.SEED
    assert report.tally(ArticleWording).updated == 3
    # Run again: nothing left to do.
    again = Report()
    load_laws(again, seed=SEED)
    assert again.tally(Article).updated == again.tally(ArticleWording).updated == 0


# -- pages ----------------------------------------------------------------------------------------


def test_an_article_in_english(client, seeded):
    page = soup(client, LCL.format(lang="en") + "articles/19/")
    body = text_of(page.select_one("main"))
    assert "the probation period shall not exceed one month" in body
    assert "Not yet translated" not in body
    assert page.select(".statute-text [lang=zh-hans]") == []


def test_the_2010_wording_of_article_64_shows_in_english(client, seeded):
    page = soup(client, SIL.format(lang="en") + "articles/64/?date=2015-06-01")
    then = " ".join(text_of(p) for p in page.select(".statute-text:not(.diff) > p"))
    assert "Separate accounts are set up for each social insurance fund" in then
    assert "Except for the basic medical insurance fund" not in then
    assert "各项社会保险基金" not in then
    assert "Not yet translated" not in text_of(page.main)


def test_the_law_page_says_when_the_2012_amendment_came_into_force(client, seeded):
    page = soup(client, LCL.format(lang="en"))
    with translation.override("en"):  # the site's English date format, whichever it is
        enacted, effective = (date_format(d) for d in (date(2012, 12, 28), date(2013, 7, 1)))
    assert text_of(page.select_one(".amendments li")) == (
        f"Amendment of {enacted}, in force from {effective}: "
        "the wording before it is not recorded here"
    )
    page = soup(client, LCL.format(lang="zh-hans"))
    # (The space the template leaves after 「：」 is the typography helper's to remove.)
    assert text_of(page.select_one(".amendments li")).replace(" ", "") == (
        "2012年12月28日修正，2013年7月1日起施行：本站未收录修正前的文本"
    )
    assert "《关于修改〈中华人民共和国劳动合同法〉的决定》" in text_of(
        page.select_one(".law-history")
    )
    # Before the amendment's text applied, the page does not claim the law was not in force.
    dated = text_of(
        soup(client, LCL.format(lang="en") + "?date=2010-01-01").select_one(".notice--dated")
    )
    assert dated.startswith("No earlier versions of this law are recorded here")


def translation_lines(client, lang):
    page = soup(client, f"/{lang}/laws/")
    return {
        text_of(item.select_one(".card-list__title")): text_of(item.select_one(".law-translations"))
        for item in page.select(".card-list__item")
    }


def test_the_laws_page_says_which_laws_have_english_from_the_data(client, seeded):
    lead = text_of(soup(client, "/zh-hans/laws/").select_one(".lead"))
    assert "英文译文" not in lead
    assert "English translations" not in text_of(soup(client, "/en/laws/").select_one(".lead"))
    # Each translation is listed; the Traditional Chinese (by conversion) comes first.
    hant = {
        "en": "Traditional Chinese translation: every article · ",
        "zh-hans": "繁体中文译文：全部条文 · ",
    }
    assert set(translation_lines(client, "en").values()) == {
        hant["en"] + "English translation: every article"
    }
    assert set(translation_lines(client, "zh-hans").values()) == {
        hant["zh-hans"] + "英文译文：全部条文"
    }

    labour = Law.objects.get(slug="labour-contract-law")
    Article.objects.filter(law=labour, number__gt=90).update(text_en="")
    lines = translation_lines(client, "en")
    assert lines["Labour Contract Law of the People's Republic of China"] == (
        hant["en"] + "English translation: 90 of 98 articles"
    )
    Article.objects.filter(law=labour).update(text_en=None)
    lines = translation_lines(client, "zh-hans")
    assert lines["中华人民共和国劳动合同法"] == hant["zh-hans"] + "暂无英文译文"
    assert lines["中华人民共和国社会保险法"] == hant["zh-hans"] + "英文译文：全部条文"
