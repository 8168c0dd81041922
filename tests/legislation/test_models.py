import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from legislation.models import Article, Law, split_paragraphs
from tests.factories import make_law


@pytest.mark.parametrize(
    ("language", "label", "citation"),
    [
        ("zh-hans", "第二条", "《中华人民共和国社会保险法》第二条"),
        (
            "en",
            "Article 2",
            "Article 2 of the Social Insurance Law of the People's Republic of China",
        ),
    ],
)
def test_article_label_and_citation_follow_the_language(seeded, language, label, citation):
    article = Article.objects.with_law().get(law__slug="social-insurance-law", number=2)
    with translation.override(language):
        assert article.label == label
        assert article.citation == citation


def test_chapter_label_is_derived_from_its_number(seeded):
    chapter = Law.objects.get(slug="social-insurance-law").chapters.get(number=12)
    with translation.override("zh-hans"):
        assert str(chapter) == "第十二章 附则"
    with translation.override("en"):
        assert str(chapter) == "Chapter XII Supplementary Provisions"


def test_table_of_contents_groups_articles_under_their_chapters(db):
    law = make_law(chapters=2, articles=10)
    law = Law.objects.with_contents().get(pk=law.pk)
    contents = law.table_of_contents()
    assert [chapter.number for chapter, _ in contents] == [1, 2]
    # Chapters without sections hold one group, under no section.
    assert [(section, [a.number for a in group]) for section, group in contents[0][1]] == [
        (None, [1, 2, 3, 4, 5])
    ]
    assert [a.number for a in contents[1][1][0][1]] == [6, 7, 8, 9, 10]


def test_articles_outside_chapters_come_first(db):
    law = make_law(chapters=0, articles=3)
    law = Law.objects.with_contents().get(pk=law.pk)
    assert [
        (chapter, [(section, len(group)) for section, group in groups])
        for chapter, groups in law.table_of_contents()
    ] == [(None, [(None, 3)])]


def test_previous_and_next_articles(db):
    law = make_law(articles=3)
    first, second, third = law.articles.order_by("number")
    assert second.get_previous() == first and second.get_next() == third
    assert first.get_previous() is None and third.get_next() is None


def test_paragraphs_split_on_blank_lines():
    assert split_paragraphs("一。\r\n\r\n二。\n \n\n三。\n") == ["一。", "二。", "三。"]
    assert split_paragraphs("") == []


def test_article_in_a_chapter_of_another_law_is_rejected(db):
    law, other = make_law(), make_law()
    article = law.articles.first()
    article.chapter = other.chapters.first()
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "chapter" in error.value.message_dict


def test_duplicate_article_number_is_rejected_with_a_clear_message(db):
    law = make_law(articles=2)
    duplicate = Article(law=law, number=2, text_zh_hans="重复。")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "This law already has an article with this number." in str(error.value)


def test_number_out_of_range_is_rejected(db):
    article = Article(law=make_law(), number=10000, text_zh_hans="太大。")
    with pytest.raises(ValidationError):
        article.full_clean()


def test_chapter_number_beyond_roman_numerals_is_rejected(db):
    from legislation.models import Chapter

    chapter = Chapter(law=make_law(chapters=0, articles=0), number=4000, title_zh_hans="章")
    with pytest.raises(ValidationError):
        chapter.full_clean()
