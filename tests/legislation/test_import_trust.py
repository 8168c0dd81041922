"""An importer a legal editor can trust with any published text (issue 15, item 1): real laws
that are not in the seed, in the formats they are published in; a missing or different title
line; control characters; the size limit; the in-force date; garbage lines; duplicate titles;
a preview of old and new values."""

import datetime
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.test import override_settings

from legislation.importer import LawImportError, import_law
from legislation.models import Article, Law
from tests.legislation.test_import_admin import URL, upload
from tests.legislation.test_importer import SMALL, snapshot

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = Path(__file__).resolve().parents[2] / "legislation" / "seed"
# As published: LawRefBook/Laws 社会法/劳动法(2018-12-29).md (markdown, from flk.npc.gov.cn) and
# the Employment Promotion Law in the national database's print format (目录, 题注 in brackets).
LABOUR_LAW = DATA / "labour-law-2018.lawrefbook.md"
EMPLOYMENT_PROMOTION_LAW = DATA / "employment-promotion-law-2015.flk-print.txt"
SOCIAL_INSURANCE_LAW = (SEED / "social-insurance-law-2018.zh-hans.txt").read_text("utf-8")


@pytest.mark.parametrize(
    ("path", "slug", "chapters", "articles", "adopted", "in_force", "amended", "history"),
    [
        (LABOUR_LAW, "labour-law", 13, 107, (1994, 7, 5), (1995, 1, 1), (2018, 12, 29), 3),
        (
            EMPLOYMENT_PROMOTION_LAW,
            "employment-promotion-law",
            9,
            69,
            (2007, 8, 30),
            (2008, 1, 1),
            (2015, 4, 24),
            2,
        ),
    ],
)
def test_real_laws_import_with_their_structure_and_in_force_date(
    db, path, slug, chapters, articles, adopted, in_force, amended, history
):
    call_command("import_law", path, law=slug, language="zh-hans", publish=True)
    law = Law.objects.get(slug=slug)
    assert law.chapters.count() == chapters
    assert law.sections.count() == 0
    assert law.articles.count() == articles
    assert law.adopted_on == datetime.date(*adopted)
    assert law.effective_on == datetime.date(*in_force)  # 本法自…起施行, not the adoption
    assert law.amended_on == datetime.date(*amended)
    # The 题注 keeps every date, one line each, without the print format's brackets.
    lines = law.history_zh_hans.splitlines()
    assert len(lines) == history
    assert not any(line[0] in "(（" or line[-1] in ")）" for line in lines)
    assert law.chapters.get(number=1).title_zh_hans == "总则"  # "总　　则" in print
    assert law.title_zh_hans.startswith("中华人民共和国")
    last = law.articles.get(number=articles)
    assert "起施行" in last.text_zh_hans


def test_the_published_pages_of_an_imported_law_show_its_in_force_date(client, db):
    call_command("import_law", LABOUR_LAW, law="labour-law", language="zh-hans", publish=True)
    page = client.get("/zh-hans/laws/labour-law/")
    assert page.status_code == 200
    assert "1995年1月1日" in page.text


def test_effective_on_wins_over_the_text_and_without_a_version_date(db):
    call_command(
        "import_law",
        LABOUR_LAW,
        law="labour-law",
        language="zh-hans",
        effective_on=datetime.date(1995, 2, 1),
    )
    assert Law.objects.get(slug="labour-law").effective_on == datetime.date(1995, 2, 1)
    # On an existing law too, no version date needed.
    call_command(
        "import_law",
        LABOUR_LAW,
        law="labour-law",
        language="zh-hans",
        effective_on=datetime.date(1995, 1, 1),
    )
    assert Law.objects.get(slug="labour-law").effective_on == datetime.date(1995, 1, 1)


def test_in_force_on_promulgation_is_the_adoption_date(db):
    import_law(SMALL, slug="example", language="zh-hans")  # 本法自公布之日起施行
    assert Law.objects.get(slug="example").effective_on == datetime.date(2020, 1, 1)


def test_a_text_naming_no_in_force_date_is_warned_about(db):
    text = SMALL.replace("本法自公布之日起施行。", "附则的规定。")
    result = import_law(text, slug="example", language="zh-hans")
    assert any("no in-force date" in str(w) for w in result.warnings)


def test_a_file_missing_its_title_line_is_refused_and_renames_nothing(db):
    import_law(SOCIAL_INSURANCE_LAW, slug="social-insurance-law", language="zh-hans")
    before = snapshot()
    untitled = SOCIAL_INSURANCE_LAW.split("\n", 1)[1]
    with pytest.raises(LawImportError) as refused:
        import_law(untitled, slug="social-insurance-law", language="zh-hans")
    assert any(n == 2 and "found a 题注 line" in m for n, m in refused.value.problems)
    assert snapshot() == before
    assert Law.objects.get().title_zh_hans == "中华人民共和国社会保险法"


def test_another_laws_text_is_refused_unless_renaming(db):
    import_law(SOCIAL_INSURANCE_LAW, slug="social-insurance-law", language="zh-hans")
    renamed = SOCIAL_INSURANCE_LAW.replace(
        "中华人民共和国社会保险法", "中华人民共和国社会保障法", 1
    )
    with pytest.raises(CommandError, match="line 1: the title line 中华人民共和国社会保障法"):
        import_law_command(renamed, "social-insurance-law")
    assert Law.objects.get().title_zh_hans == "中华人民共和国社会保险法"
    # The rename option renames, and the preview shows the old and new title.
    output = import_law_command(renamed, "social-insurance-law", rename=True, dry_run=True)
    change = "'中华人民共和国社会保险法' → '中华人民共和国社会保障法'"
    assert f"title (Simplified Chinese): {change}" in output  # the field's label
    import_law_command(renamed, "social-insurance-law", rename=True)
    assert Law.objects.get().title_zh_hans == "中华人民共和国社会保障法"


def import_law_command(text, slug, **options):
    """Run import_law on `text` written to a file; returns what it printed."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
    out = io.StringIO()
    try:
        call_command("import_law", f.name, law=slug, language="zh-hans", stdout=out, **options)
    finally:
        Path(f.name).unlink()
    return out.getvalue()


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\u2028"])
def test_control_characters_are_refused_with_their_line_number(db, char):
    text = SMALL.replace("为了示例", f"为了{char}示例")
    with pytest.raises(CommandError) as refused:
        import_law_command(text, "example")
    assert f"line 7: control character U+{ord(char):04X}" in str(refused.value)
    assert not Law.objects.exists()


def test_a_nul_byte_in_the_admin_preview_is_a_message_not_a_500(admin_client):
    text = SMALL.replace("为了示例", "为了\x00示例")
    response = admin_client.post(
        URL.format(lang="zh-hans"), {"law": "example", "language": "zh-hans", "file": upload(text)}
    )
    assert response.status_code == 200
    assert "第7行" in response.text and "U+0000" in response.text  # no space (review C9)
    assert not Law.objects.exists()


@override_settings(LAW_IMPORT_MAX_BYTES=4096)
def test_the_command_has_the_admins_size_limit(db, admin_client):
    big = SMALL.replace("前款规定的事项", "很长的一段" * 1000 + "前款规定的事项")
    with pytest.raises(CommandError, match="larger than the limit of 4096 bytes"):
        import_law_command(big, "example")
    with pytest.raises(LawImportError, match="more than the limit of 4096"):
        import_law(big, slug="example", language="zh-hans")
    response = admin_client.post(
        URL.format(lang="en"), {"law": "example", "language": "zh-hans", "file": upload(big)}
    )
    assert "too large" in response.text
    assert not Article.objects.exists()


@pytest.mark.parametrize("garbage", ["xK9#qz!!vvTT pplw", "Lorem ipsum dolor sit amet"])
def test_latin_garbage_inside_chinese_text_is_refused_with_its_line(db, garbage):
    text = SMALL.replace("前款规定的事项", f"{garbage}\n\n前款规定的事项")
    with pytest.raises(LawImportError) as refused:
        import_law(text, slug="example", language="zh-hans")
    assert any(n == 11 and "not Chinese text" in m for n, m in refused.value.problems)


def test_a_second_law_with_the_same_title_is_warned_about(db):
    import_law(SMALL, slug="example", language="zh-hans")
    output = import_law_command(SMALL, "example-2")
    assert "another law has the title 示例法 (example)" in output


def test_the_admin_preview_shows_old_and_new_values_by_label(admin_client):
    import_law(SMALL, slug="example", language="zh-hans")
    changed = SMALL.replace("为了示例，制定本法。", "为了新的示例，制定本法。")
    response = admin_client.post(
        URL.format(lang="zh-hans"),
        {"law": "example", "language": "zh-hans", "file": upload(changed)},
    )
    assert response.status_code == 200
    assert "text_zh_hans" not in response.text
    table = response.text.split('class="import-changes"')[1].split("</table>")[0]
    row = BeautifulSoup(table, "html.parser").find("td", string="为了示例，制定本法。").parent
    after = row.find_all("td")[-1]
    for tag in after.select("del, .visually-hidden"):
        tag.decompose()
    assert after.get_text() == "为了新的示例，制定本法。"
    assert "内容（简体中文）" in table  # the field's label in the editor's language


def test_the_admin_preview_shows_a_change_at_the_end_of_a_long_text(admin_client):
    """Not cut at ~115 characters: the new words are marked in the whole new value."""
    long = "为了示例，制定本法。" + "本条规定示例内容，" * 20 + "以此为准。"
    import_law(SMALL.replace("为了示例，制定本法。", long), slug="example", language="zh-hans")
    changed = SMALL.replace("为了示例，制定本法。", long.replace("以此为准。", "以新规定为准。"))
    response = admin_client.post(
        URL.format(lang="zh-hans"),
        {"law": "example", "language": "zh-hans", "file": upload(changed)},
    )
    table = response.text.split('class="import-changes"')[1].split("</table>")[0]
    assert "以此为准。" in table  # the old value, whole
    inserted = [ins.get_text() for ins in BeautifulSoup(table, "html.parser").find_all("ins")]
    assert any("新" in text for text in inserted), inserted


@pytest.mark.parametrize("slug", ["bad.slug", "../Bad Slug"])
def test_a_slug_the_urls_cannot_take_is_refused_by_the_command(db, slug):
    with pytest.raises(CommandError, match="is not a valid slug"):
        import_law_command(SMALL, slug, publish=True)
    assert not Law.objects.exists()


@pytest.mark.parametrize(
    ("option", "value"), [("--effective-on", "2015-02-30"), ("--version-date", "tomorrow")]
)
def test_a_bad_date_option_is_a_usage_error_not_a_traceback(option, value):
    # From the shell, as an editor types it: argparse's message and exit status 2.
    run = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_law",
            str(LABOUR_LAW),
            "--law",
            "labour-law",
            "--language",
            "zh-hans",
            option,
            value,
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert run.returncode == 2
    assert f"not a date (YYYY-MM-DD): '{value}'" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("本法自1986年10月1日施行。", (1986, 10, 1)),  # no 起
        ("本法自二〇一二年七月一日起施行。", (2012, 7, 1)),  # Chinese numerals
        ("本法自二〇〇八年十二月三十一日施行。", (2008, 12, 31)),
    ],
)
def test_the_in_force_date_is_read_in_its_published_forms(db, sentence, expected):
    text = SMALL.replace("本法自公布之日起施行。", sentence)
    result = import_law(text, slug="example", language="zh-hans")
    assert Law.objects.get(slug="example").effective_on == datetime.date(*expected)
    assert not result.warnings


LONG = "为了示例，" + "依照有关规定办理相关事项，" * 20 + "制定本法。"


def test_the_command_preview_shows_a_change_at_the_end_of_a_long_text(db):
    import_law(SMALL.replace("为了示例，制定本法。", LONG), slug="example", language="zh-hans")
    changed = SMALL.replace("为了示例，制定本法。", LONG.replace("制定本法", "制定本办法"))
    output = import_law_command(changed, "example", dry_run=True)
    line = next(line for line in output.splitlines() if "Article 1:" in line)
    assert "制定本法。" in line and "制定本办法。" in line  # not two identical beginnings


def test_the_preview_of_a_new_law_shows_its_title_and_dates(admin_client):
    text = SMALL.replace("本法自公布之日起施行。", "本法自2020年3月1日起施行。")
    output = import_law_command(text, "example", dry_run=True)
    assert "'示例法'" in output and "'2020-01-01'" in output and "'2020-03-01'" in output
    response = admin_client.post(
        URL.format(lang="zh-hans"),
        {"law": "example", "language": "zh-hans", "file": upload(text)},
    )
    table = response.text.split('class="import-changes"')[1].split("</table>")[0]
    assert "示例法" in table and "2020-01-01" in table and "2020-03-01" in table


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_cr_and_crlf_line_endings_import_the_same_in_the_admin_and_the_service(
    admin_client, newline
):
    text = SMALL.replace("\n", newline)
    response = admin_client.post(
        URL.format(lang="en"), {"law": "example", "language": "zh-hans", "file": upload(text)}
    )
    assert "U+000D" not in response.text
    assert 'class="import-changes"' in response.text
    import_law(text, slug="example", language="zh-hans")
    assert Law.objects.get().articles.count() == 3
    assert "\r" not in Article.objects.get(number=2).text_zh_hans


def test_a_reimport_whose_notes_add_an_amendment_sets_the_amendment_date(db):
    import_law(SMALL, slug="example", language="zh-hans")
    assert Law.objects.get().amended_on is None
    amended = SMALL.replace(
        "2020年1月1日 第一次会议通过\n",
        "2020年1月1日 第一次会议通过\n2022年6月24日 第二次会议修正\n",
    )
    import_law(amended, slug="example", language="zh-hans")
    assert Law.objects.get().amended_on == datetime.date(2022, 6, 24)


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\U0010ffff"])
def test_noncharacters_are_stripped_as_the_models_strip_them(db, char):
    """Bulk writes skip the models' normalisation (publishing.text.normalise_text): the
    importer strips Unicode's noncharacters itself, else they were stored and served."""
    text = SMALL.replace("为了示例", f"为了{char}示例").replace("示例法\n", f"示例{char}法\n", 1)
    import_law_command(text, "example", publish=True)
    law = Law.objects.get(slug="example")
    assert char not in law.title_zh_hans
    texts = "".join(Article.objects.filter(law=law).values_list("text_zh_hans", flat=True))
    assert "为了示例" in texts and char not in texts


def test_stripped_noncharacters_are_reported_with_their_line_and_article(db):
    """Stripping them is right; doing it silently is not: the editor learns how many were
    removed, and where, as the importer's other warnings say it."""
    text = SMALL.replace("示例法\n", "示例\ufdd0法\n", 1).replace(
        "为了示例", "为了\ufffe示\ufffe例\U0010ffff"
    )
    out = import_law_command(text, "example")
    assert "warning: line 1: Unicode noncharacters removed: 1 (U+FDD0)" in out
    assert (
        "warning: line 7: Unicode noncharacters removed from article 1: 3 (U+FFFE, U+10FFFF)" in out
    )
    assert out.count("noncharacters removed") == 2
    assert "为了示例" in Article.objects.get(number=1).text_zh_hans


def test_stripped_noncharacters_are_named_in_the_admin_preview(admin_client):
    text = SMALL.replace("依照本法", "依照\ufdef本法")
    response = admin_client.post(
        URL.format(lang="zh-hans"), {"law": "example", "language": "zh-hans", "file": upload(text)}
    )
    warnings = BeautifulSoup(response.text, "html.parser").select_one(".import-warnings").text
    assert "已删除第2条中的 Unicode 非字符：1个（U+FDEF）" in " ".join(warnings.split())
