"""The law import service and the import_law command: strict, all-or-nothing, idempotent."""

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legislation.importer import LawImportError, import_law
from legislation.models import Article, ArticleWording, Chapter, Law, LawVersion, Section

SEED = Path(__file__).resolve().parents[2] / "legislation" / "seed"
SOCIAL_INSURANCE_LAW = (SEED / "social-insurance-law-2018.zh-hans.txt").read_text("utf-8")
LABOUR_CONTRACT_LAW = (SEED / "labour-contract-law-2012.zh-hans.txt").read_text("utf-8")
MODELS = [Law, Chapter, Section, Article, LawVersion, ArticleWording]

SMALL = """示例法

2020年1月1日 第一次会议通过

第一章 总则

第一条 为了示例，制定本法。

第二条 依照本法第一条规定。

前款规定的事项，由国务院规定。

第二章 附则

第一节 一般规定

第三条 本法自公布之日起施行。
"""

SMALL_EN = """Example Law

(Adopted at the first meeting on 1 January 2020)

Chapter I General Provisions

Article 1

This Law is enacted for the example.

Article 2

In accordance with Article 1 of this Law.

The matters in the preceding paragraph are set by the State Council.

Chapter II Supplementary Provisions

Section 1 General Rules

Article 3

This Law takes effect on the day of promulgation.
"""


def snapshot():
    return {model: sorted(map(repr, model.objects.values())) for model in MODELS}


def test_shipped_laws_import_cleanly_and_a_reimport_changes_nothing(db):
    for slug, text, articles in [
        ("social-insurance-law", SOCIAL_INSURANCE_LAW, 98),
        ("labour-contract-law", LABOUR_CONTRACT_LAW, 98),
    ]:
        first = import_law(text, slug=slug, language="zh-hans")
        assert first.count("created") > articles
        assert Article.objects.filter(law__slug=slug).count() == articles
        before = snapshot()
        again = import_law(text, slug=slug, language="zh-hans")
        assert again.rows_changed == 0
        assert snapshot() == before
    labour = Law.objects.get(slug="labour-contract-law")
    assert [(s.chapter.number, s.number, s.title) for s in labour.sections.all()] == [
        (5, 1, "集体合同"),
        (5, 2, "劳务派遣"),
        (5, 3, "非全日制用工"),
    ]
    assert labour.articles.get(number=57).section.number == 2
    assert labour.articles.get(number=73).section is None


def test_ascii_punctuation_between_chinese_characters_is_made_full_width_and_reported(db):
    result = import_law(SOCIAL_INSURANCE_LAW, slug="sil", language="zh-hans")
    assert [(n.lineno, n.before, n.after) for n in result.normalisations] == [
        (115, "支付范围:", "支付范围："),
        (309, "全国统筹,其他社会", "全国统筹，其他社会"),
    ]
    article_30 = Article.objects.get(number=30)
    assert article_30.text_zh_hans.startswith("下列医疗费用不纳入基本医疗保险基金支付范围：")
    assert "全国统筹，其他" in Article.objects.get(number=64).text_zh_hans


MALFORMED = [
    (SMALL.replace("第二条 依照", "第四条 依照"), 9, "article 4 skips article 2"),
    (SMALL.replace("第二条 依照", "第一条 依照"), 9, "article 1 is duplicate"),
    (SMALL.replace("第二章 附则", "第三章 附则"), 13, "chapter 3 skips chapter 2"),
    (SMALL.replace("第二章 附则", "第一章 附则"), 13, "chapter 1 is duplicate"),
    (SMALL.replace("2020年1月1日 第一次会议通过", "一段说明"), 3, "before the first heading"),
    (SMALL.replace("第三条 本法自公布之日起施行。", "第三条"), 17, "bare label"),
    (SMALL.replace("第三条 本法自公布之日起施行。", "第三条 "), 17, "article 3 has no text"),
    (SMALL.replace("第一节 一般规定", "第二节 一般规定"), 15, "section 2 skips section 1"),
    (SMALL + "\n第二节 其他\n", None, "section 2 of chapter 2 has no articles"),
    (
        SMALL.replace("第一节 一般规定\n\n第三条 本法", "第三条 本法").replace(
            "施行。\n", "施行。\n\n第一节 后来\n\n第四条 乙。\n"
        ),
        17,
        "mixed-up sections",
    ),
    (SMALL.replace("第一章 总则", "第一章 总则\n\n孤立的一段。"), 7, "outside any article"),
    (SMALL.replace("第一章 总则", "第十十章 总则"), 5, "bad chapter number"),
]


@pytest.mark.parametrize(("text", "line", "message"), MALFORMED)
def test_malformed_files_are_refused_with_their_line_number_and_nothing_written(
    db, text, line, message
):
    before = snapshot()
    with pytest.raises(LawImportError) as refused:
        import_law(text, slug="example", language="zh-hans")
    assert any(n == line and message in m for n, m in refused.value.problems), (
        refused.value.problems
    )
    assert snapshot() == before


def test_every_problem_of_a_file_is_reported_at_once(db):
    text = SMALL.replace("第二条 依照", "第四条 依照").replace("第二章 附则", "第四章 附则")
    with pytest.raises(LawImportError) as refused:
        import_law(text, slug="example", language="zh-hans")
    lines = [n for n, _ in refused.value.problems]
    assert 9 in lines and 13 in lines


def test_english_import_changes_no_chinese_field(db):
    import_law(SMALL, slug="example", language="zh-hans")
    chinese = {
        model: sorted(
            map(
                repr,
                model.objects.values(*(f.name for f in model._meta.fields if "_en" not in f.name)),
            )
        )
        for model in (Law, Chapter, Section, Article)
    }
    result = import_law(SMALL_EN, slug="example", language="en")
    assert result.rows_changed > 0
    assert chinese == {
        model: sorted(
            map(
                repr,
                model.objects.values(*(f.name for f in model._meta.fields if "_en" not in f.name)),
            )
        )
        for model in (Law, Chapter, Section, Article)
    }
    law = Law.objects.get(slug="example")
    assert law.title_en == "Example Law"
    assert law.history_en == "Adopted at the first meeting on 1 January 2020"
    assert law.chapters.get(number=2).title_en == "Supplementary Provisions"
    assert law.sections.get().title_en == "General Rules"
    assert law.articles.get(number=2).text_en.split("\n\n")[1].startswith("The matters")
    assert import_law(SMALL_EN, slug="example", language="en").rows_changed == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            SMALL_EN.replace("effect on the day of promulgation.", "effect.\n\nArticle 4\n\nMore."),
            "article 4 is not in the Chinese law",
        ),
        (SMALL_EN.replace("Section 1 General Rules\n", ""), "in another chapter or section"),
        (SMALL_EN.replace("Chapter II Supplementary", "Chapter III Supplementary"), "chapter 3"),
    ],
)
def test_an_english_file_that_does_not_match_the_chinese_law_is_refused(db, text, message):
    import_law(SMALL, slug="example", language="zh-hans")
    before = snapshot()
    with pytest.raises(LawImportError, match=message):
        import_law(text, slug="example", language="en")
    assert snapshot() == before


def test_english_before_chinese_is_refused(db):
    with pytest.raises(LawImportError, match="import its Chinese text first"):
        import_law(SMALL_EN, slug="example", language="en")


def test_a_dry_run_reports_and_writes_nothing(db):
    result = import_law(SMALL, slug="example", language="zh-hans", dry_run=True)
    assert result.count("created") == 1 + 2 + 1 + 3  # law, chapters, section, articles
    assert not Law.objects.exists()


def test_versions_record_only_the_articles_an_amendment_changed(db):
    old = SMALL.replace("第三条 本法自公布之日起施行。", "第三条 本法自二〇二〇年起施行。")
    import_law(old, slug="example", language="zh-hans", version_date=datetime.date(2020, 1, 1))
    import_law(SMALL, slug="example", language="zh-hans", version_date=datetime.date(2022, 5, 1))
    law = Law.objects.get(slug="example")
    first, second = law.versions.all()
    assert (first.kind, second.kind) == (LawVersion.ADOPTED, LawVersion.AMENDED)
    assert first.wordings.count() == 3
    assert [w.article.number for w in second.wordings.all()] == [3]
    assert law.articles.get(number=3).text == "本法自公布之日起施行。"
    # Importing the old version again leaves today's text alone and changes nothing.
    again = import_law(
        old, slug="example", language="zh-hans", version_date=datetime.date(2020, 1, 1)
    )
    assert again.rows_changed == 0
    assert law.articles.get(number=3).text == "本法自公布之日起施行。"


def test_the_command_reports_normalisations_and_refusals(db, tmp_path, capsys):
    path = tmp_path / "law.txt"
    path.write_text(SMALL.replace("为了示例，", "为了示例,"), encoding="utf-8")
    call_command("import_law", str(path), law="example", language="zh-hans")
    out = capsys.readouterr().out
    assert "line 7: normalised '为了示例,制定本法' to '为了示例，制定本法'" in out
    assert "7 created" in out
    call_command("import_law", str(path), law="example", language="zh-hans")
    assert "0 rows changed" in capsys.readouterr().out

    path.write_text(SMALL.replace("第二条 依照", "第四条 依照"), encoding="utf-8")
    with pytest.raises(CommandError, match="line 9: article 4 skips article 2"):
        call_command("import_law", str(path), law="example", language="zh-hans")


# -- property-based: random and mangled statute texts never crash nor half-write -------------

LINES = SMALL.splitlines()
NUMERALS = ["一", "二", "十", "十一", "一百", "两百", "零", "〇", "十十", "一万", "壹", "2", "Ⅲ"]


@st.composite
def mangled_texts(draw):
    lines = list(draw(st.sampled_from([LINES, LABOUR_CONTRACT_LAW.splitlines()[:60]])))
    for _ in range(draw(st.integers(0, 4))):
        operation = draw(st.sampled_from(["shuffle", "truncate", "duplicate", "numeral", "space"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if operation == "shuffle":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "truncate":
            lines = lines[:i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "numeral":
            kind = draw(st.sampled_from("章节条编"))
            lines[i] = f"第{draw(st.sampled_from(NUMERALS))}{kind} {lines[i][-6:]}"
        else:
            space = draw(st.sampled_from(["\u3000", "\t", "  ", "\r", "\ufeff", ""]))
            lines[i] = space + lines[i] + space
    noise = draw(st.text(alphabet="第一二十章节条 \n，:,（）()", max_size=20))
    return "\n".join(lines) + noise


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=mangled_texts(), language=st.sampled_from(["zh-hans", "en"]))
def test_random_and_mangled_texts_neither_crash_nor_write_partially(db, text, language):
    with transaction.atomic():  # each example starts from the same database
        check_import(text, language)
        transaction.set_rollback(True)


def check_import(text, language):
    import_law(SMALL, slug="example", language="zh-hans")
    before = snapshot()
    try:
        result = import_law(text, slug="example", language=language)
    except LawImportError as refused:
        assert refused.problems
        assert snapshot() == before
    else:
        # Applied whole: importing it again is a no-op.
        assert import_law(text, slug="example", language=language).rows_changed == 0
        assert result.law.slug == "example"


@pytest.mark.django_db(transaction=True)
def test_an_import_bumps_the_content_version_only_when_it_changes_something():
    from publishing.content import content_version

    import_law(SMALL, slug="example", language="zh-hans")
    before = content_version()
    # Only article texts differ: written with bulk_update, which sends no signals.
    import_law(SMALL.replace("为了示例", "为了举例"), slug="example", language="zh-hans")
    after = content_version()
    assert after != before
    import_law(SMALL.replace("为了示例", "为了举例"), slug="example", language="zh-hans")
    import_law(SMALL, slug="example", language="zh-hans", dry_run=True)
    assert content_version() == after


def test_an_english_import_with_a_version_date_keeps_older_wordings_english(db):
    """English at an amendment's date sets the English of the wording in force then; an
    older wording keeps its own English, and a file not updated for the amendment (its
    English that of the wording before) does not become the amended wording's English."""
    old_zh = SMALL.replace("第三条 本法自公布之日起施行。", "第三条 本法自二〇二〇年起施行。")
    old_en = SMALL_EN.replace("takes effect on the day of promulgation", "takes effect in 2020")
    adopted, amended = datetime.date(2020, 1, 1), datetime.date(2022, 5, 1)
    import_law(old_zh, slug="example", language="zh-hans", version_date=adopted)
    import_law(old_en, slug="example", language="en", version_date=adopted)
    import_law(SMALL, slug="example", language="zh-hans", version_date=amended)
    # Not yet updated for the amendment (Article 3), and Article 1 retranslated.
    stale = old_en.replace("enacted for the example", "enacted as an example")
    import_law(stale, slug="example", language="en", version_date=datetime.date(2022, 5, 2))
    law = Law.objects.get(slug="example")
    assert list(law.versions.values_list("enacted_on", flat=True)) == [adopted, amended]
    first, second = law.versions.all()
    article_1 = first.wordings.get(article__number=1)
    assert article_1.text_en == "This Law is enacted for the example."  # its own English
    assert not second.wordings.get(article__number=3).text_en  # not the 2020 English
    # The amendment's English: the amended wording's, the older one's kept.
    import_law(SMALL_EN, slug="example", language="en", version_date=amended)
    assert second.wordings.get(article__number=3).text_en == (
        "This Law takes effect on the day of promulgation."
    )
    assert first.wordings.get(article__number=3).text_en == "This Law takes effect in 2020."


def test_reimporting_an_unchanged_text_under_a_new_date_records_no_version(db, tmp_path, capsys):
    """An unchanged text with a new --version-date is no amendment: no empty version (a new
    version tab saying "no article changed"), a message saying why, exit code 0."""
    old = SMALL.replace("第三条 本法自公布之日起施行。", "第三条 本法自二〇二〇年起施行。")
    import_law(old, slug="example", language="zh-hans", version_date=datetime.date(2020, 1, 1))
    import_law(SMALL, slug="example", language="zh-hans", version_date=datetime.date(2022, 5, 1))
    law = Law.objects.get(slug="example")
    path = tmp_path / "law.txt"
    path.write_text(SMALL, encoding="utf-8")
    call_command(  # raises on a non-zero exit
        "import_law", str(path), law="example", language="zh-hans", version_date="2024-03-01"
    )
    out = capsys.readouterr().out
    assert "identical to the law's current version (amended 2022-05-01)" in out
    assert "0 rows changed" in out
    assert list(law.versions.values_list("enacted_on", flat=True)) == [
        datetime.date(2020, 1, 1),
        datetime.date(2022, 5, 1),
    ]
    # The text of an older version under a date between the two is not recorded either.
    between = import_law(
        old, slug="example", language="zh-hans", version_date=datetime.date(2021, 1, 1)
    )
    assert between.rows_changed == 0 and between.same_as.enacted_on == datetime.date(2020, 1, 1)
    assert law.versions.count() == 2
    assert law.articles.get(number=3).text == "本法自公布之日起施行。"
    # A real amendment under a new date is still recorded.
    amended = SMALL.replace("为了示例，制定本法。", "为了示例和说明，制定本法。")
    result = import_law(
        amended, slug="example", language="zh-hans", version_date=datetime.date(2024, 3, 1)
    )
    assert result.same_as is None
    assert [w.article.number for w in law.versions.last().wordings.all()] == [1]


def test_the_admin_preview_says_an_unchanged_text_is_identical(admin_client, db):
    import_law(SMALL, slug="example", language="zh-hans", version_date=datetime.date(2020, 1, 1))
    data = {"law": "example", "language": "zh-hans", "text": SMALL, "version_date": "2024-03-01"}
    preview = admin_client.post("/en/admin/legislation/law/import/", data)
    assert (
        "The text is identical to the law's version adopted on 2020-01-01: no article differs"
        in preview.text
    )
    assert "nothing would change" in preview.text
    zh = admin_client.post("/zh-hans/admin/legislation/law/import/", {**data, "confirm": "1"})
    assert zh.status_code == 302
    assert Law.objects.get(slug="example").versions.count() == 1


LONG = SMALL.replace("为了示例，制定本法。", "为了示例，制定本法。" + "长" * 20_001)


def test_an_article_longer_than_the_limit_is_refused_and_nothing_written(db, tmp_path):
    """No statute has an article of 20,000 characters (the longest of the seed laws has a few
    thousand): a longer one is a pasted mistake, refused by name before anything is written."""
    path = tmp_path / "law.txt"
    path.write_text(LONG, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_law", str(path), law="example", language="zh-hans", dry_run=True)
    assert "line 7: article 1 is 20,011 characters long, more than the limit of 20,000" in str(
        refused.value
    )
    assert not Law.objects.exists()
