"""A version-dated import after an undated one (issue 15, acceptance): the law's first text
stays the text in force from its in-force date, the dated import adds an amendment from its
date with the wordings of the articles it changes only, and the labels and notices agree
with the law's in-force date."""

import datetime
import io

from bs4 import BeautifulSoup
from django.core.management import call_command

from legislation.models import ArticleWording, Law, LawVersion
from tests.legislation.test_import_trust import EMPLOYMENT_PROMOTION_LAW, LABOUR_LAW

OLD_WORDS = "逐步提高劳动者的生活水平"
NEW_WORDS = "不断提高劳动者的生活水平"


def run_import(path, slug, **options):
    out = io.StringIO()
    call_command("import_law", path, law=slug, language="zh-hans", stdout=out, **options)
    return out.getvalue()


def notices(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    return soup, [p.get_text(" ", strip=True) for p in soup.select("main .notice")]


def versions(law):
    return [(v.kind, v.enacted_on, v.effective_on) for v in law.versions.all()]


def test_a_dated_reimport_of_the_same_text_keeps_the_law_in_force_from_its_date(client, db):
    slug = "employment-promotion-law"
    run_import(EMPLOYMENT_PROMOTION_LAW, slug, publish=True)
    out = run_import(EMPLOYMENT_PROMOTION_LAW, slug, version_date=datetime.date(2015, 4, 24))
    law = Law.objects.get(slug=slug)
    assert versions(law) == [
        (LawVersion.ADOPTED, datetime.date(2007, 8, 30), datetime.date(2008, 1, 1))
    ]
    assert "identical" in out
    assert not ArticleWording.objects.filter(article__law=law).exists()

    soup, shown = notices(client, f"/zh-hans/laws/{slug}/?date=2010-01-01")
    assert not any("尚未施行" in notice for notice in shown), shown
    labels = [a.get_text(strip=True) for a in soup.select(".versions__list a")]
    assert "2007年通过文本" in labels
    assert "2015年通过文本" not in labels

    _soup, shown = notices(client, f"/zh-hans/laws/{slug}/?date=2007-12-31")
    assert sum("尚未施行" in notice for notice in shown) == 1


def test_a_dated_amendment_after_an_undated_import_records_what_it_changes(client, db, tmp_path):
    slug = "labour-law"
    run_import(LABOUR_LAW, slug, publish=True)
    amended = tmp_path / "labour-law-2025.md"
    text = LABOUR_LAW.read_text("utf-8")
    assert text.count(OLD_WORDS) == 1
    amended.write_text(text.replace(OLD_WORDS, NEW_WORDS), "utf-8")
    out = run_import(
        amended,
        slug,
        version_date=datetime.date(2025, 6, 1),
        effective_on=datetime.date(2025, 9, 1),
    )
    assert "108 created" not in out
    law = Law.objects.get(slug=slug)
    assert versions(law) == [
        (LawVersion.ADOPTED, datetime.date(1994, 7, 5), datetime.date(1995, 1, 1)),
        (LawVersion.AMENDED, datetime.date(2025, 6, 1), datetime.date(2025, 9, 1)),
    ]
    # Article 5 only: its wording before (from the first version) and after the amendment.
    wordings = ArticleWording.objects.filter(article__law=law).order_by("version__effective_on")
    assert [(w.article.number, OLD_WORDS in w.text_zh_hans) for w in wordings] == [
        (5, True),
        (5, False),
    ]

    soup, shown = notices(client, f"/zh-hans/laws/{slug}/?date=2020-01-01")
    assert not any("尚未施行" in notice for notice in shown), shown
    labels = [a.get_text(strip=True) for a in soup.select(".versions__list a")]
    assert labels[:2] == ["1994年通过文本", "2025年修正文本"]
    assert OLD_WORDS in soup.get_text()
    assert NEW_WORDS not in soup.get_text()

    article = client.get(f"/zh-hans/laws/{slug}/articles/5/?date=2020-01-01").text
    assert OLD_WORDS in article
    assert "尚未施行" not in article
    article = client.get(f"/zh-hans/laws/{slug}/articles/5/").text
    assert NEW_WORDS in article
    # Articles the amendment left alone read the same on every date since 1995.
    article = client.get(f"/zh-hans/laws/{slug}/articles/7/?date=2000-01-01").text
    assert "劳动者有权依法参加和组织工会" in article
    assert "尚未施行" not in article

    _soup, shown = notices(client, f"/zh-hans/laws/{slug}/?date=1994-12-31")
    assert sum("尚未施行" in notice for notice in shown) == 1


def test_a_new_law_imported_with_a_later_version_date_is_in_force_from_its_own_date(client, db):
    # The 2018 text of a law adopted in 1994 and in force since 1995: an amended text.
    slug = "labour-law"
    run_import(LABOUR_LAW, slug, publish=True, version_date=datetime.date(2018, 12, 29))
    law = Law.objects.get(slug=slug)
    assert versions(law) == [
        (LawVersion.AMENDED, datetime.date(2018, 12, 29), datetime.date(2018, 12, 29))
    ]
    soup, shown = notices(client, f"/zh-hans/laws/{slug}/?date=2000-01-01")
    assert not any("尚未施行" in notice for notice in shown), shown
    labels = [a.get_text(strip=True) for a in soup.select(".versions__list a")]
    assert labels[0] == "2018年修正文本"
    _soup, shown = notices(client, f"/zh-hans/laws/{slug}/?date=1994-12-31")
    assert sum("尚未施行" in notice for notice in shown) == 1
