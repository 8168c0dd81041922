"""A citation or quotation of one paragraph (款) is labelled as that paragraph, not as the
whole article: 第七十四条第四款 / "Article 74(4)", as the site writes paragraph references
(search reads "Article 14(2)(3)")."""

import re

import pytest

from legislation.numbering import paragraph_label


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh-hans", "第七十四条第四款"), ("zh-hant", "第七十四條第四款"), ("en", "Article 74(4)")],
)
def test_paragraph_label(lang, expected):
    from translations.conversion import in_script

    assert in_script(paragraph_label(74, 4, lang), lang) == expected


def caption_texts(html):
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<cite>(.*?)</cite>", html, re.S)]


@pytest.mark.parametrize(
    ("lang", "label"),
    [("zh-hans", "第七十四条第四款"), ("zh-hant", "第七十四條第四款"), ("en", "Article 74(4)")],
)
def test_a_quoted_paragraph_is_captioned_as_that_paragraph(client, seeded, lang, label):
    html = client.get(f"/{lang}/questions/check-own-contribution-records/").content.decode()
    assert "#article-74-4" in html
    assert any(label in caption for caption in caption_texts(html)), caption_texts(html)


@pytest.mark.parametrize(
    ("lang", "label", "whole"),
    [("zh-hans", "第六十条第一款", "第六十条》"), ("en", "Article 60(1)", "Article 60 ")],
)
def test_a_cited_paragraph_is_labelled_as_that_paragraph(client, seeded, lang, label, whole):
    slug = "employer-does-not-pay-contributions"
    page = client.get(f"/{lang}/questions/{slug}/").content.decode()
    assert any(label in caption for caption in caption_texts(page))
    embed = client.get(f"/{lang}/embed/questions/{slug}/").content.decode()
    assert label in re.sub(r"<[^>]+>", "", embed)
    data = client.get(f"/api/v1/questions/{slug}/", {"lang": lang}).json()
    cited = [c for c in data["legal_basis"] if c["paragraph"] == 1 and c["article"]["number"] == 60]
    assert cited and label in cited[0]["citation"]["value"]
