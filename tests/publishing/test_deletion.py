"""What comparisons rely on cannot be deleted: cited articles, their laws, compared card
types. Refused by the ORM and in the admin, whose pages name the comparisons, with links."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from cards.models import CardType, Comparison
from legislation.models import Article, Law
from tests.factories import make_card_type, make_comparison, make_law

LANGUAGES = ("zh-hans", "en")
REFUSED = {"zh-hans": "请先去掉这些引用", "en": "Remove these references first"}


@pytest.fixture
def cited(db):
    """A law whose article 2 is cited by two comparisons, and its uncited article 3."""
    law = make_law(articles=3)
    article = law.articles.get(number=2)
    comparisons = [make_comparison(points=1, cite=[article]) for _ in range(2)]
    return law, article, comparisons


def refused(delete):
    with pytest.raises(ProtectedError) as error, transaction.atomic():
        delete()
    return error.value


# --- the ORM ------------------------------------------------------------------------------


def test_a_cited_article_cannot_be_deleted_by_the_orm(cited):
    law, article, comparisons = cited
    error = refused(article.delete)
    assert error.protected_objects == set(comparisons)
    refused(Article.objects.filter(pk=article.pk).delete)
    refused(law.delete)  # the cascade to its articles
    refused(Law.objects.filter(pk=law.pk).delete)
    assert Article.objects.filter(pk=article.pk).exists()
    assert law.articles.count() == 3
    assert all(c.legal_basis.filter(pk=article.pk).exists() for c in comparisons)


def test_uncited_articles_and_laws_can_be_deleted(cited):
    law, article, comparisons = cited
    law.articles.get(number=3).delete()
    assert not law.articles.filter(number=3).exists()
    for comparison in comparisons:
        comparison.legal_basis.clear()
    law.delete()
    assert not Law.objects.filter(pk=law.pk).exists()


def test_a_compared_card_type_cannot_be_deleted_by_the_orm(db):
    card = make_card_type()
    comparison = make_comparison(card_types=[card, make_card_type()], points=1)
    with pytest.raises(ProtectedError):
        card.delete()
    comparison.delete()
    card.delete()
    assert not CardType.objects.filter(pk=card.pk).exists()


# --- the admin ----------------------------------------------------------------------------


def assert_names_the_comparisons(response, lang, comparisons):
    page = response.content.decode()
    assert response.status_code == 200
    assert REFUSED[lang] in page
    for comparison in comparisons:
        title = comparison.title_zh_hans if lang == "zh-hans" else comparison.title_en
        url = f"/{lang}/admin/cards/comparison/{comparison.pk}/change/"
        assert f'<a href="{url}">{title}</a>' in page
    assert "Yes, I’m sure" not in page and "是的，我确定" not in page
    assert "object (" not in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_admin_refuses_to_delete_a_cited_article_and_names_the_comparisons(
    admin_client, cited, lang
):
    law, article, comparisons = cited
    url = f"/{lang}/admin/legislation/article/{article.pk}/delete/"
    assert_names_the_comparisons(admin_client.get(url), lang, comparisons)
    response = admin_client.post(url, {"post": "yes"})
    assert_names_the_comparisons(response, lang, comparisons)
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_admin_refuses_to_delete_a_law_with_cited_articles(admin_client, cited, lang):
    law, article, comparisons = cited
    url = f"/{lang}/admin/legislation/law/{law.pk}/delete/"
    assert_names_the_comparisons(admin_client.post(url, {"post": "yes"}), lang, comparisons)
    assert Law.objects.filter(pk=law.pk).exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_admin_refuses_to_delete_a_compared_card_type(admin_client, lang, db):
    card = make_card_type()
    comparison = make_comparison(card_types=[card, make_card_type()], points=1)
    url = f"/{lang}/admin/cards/cardtype/{card.pk}/delete/"
    assert_names_the_comparisons(admin_client.post(url, {"post": "yes"}), lang, [comparison])
    assert CardType.objects.filter(pk=card.pk).exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bulk_delete_action_refuses_cited_articles_and_deletes_nothing(admin_client, cited, lang):
    law, article, comparisons = cited
    uncited = law.articles.get(number=3)
    data = {"action": "delete_selected", "_selected_action": [article.pk, uncited.pk]}
    url = f"/{lang}/admin/legislation/article/"
    assert_names_the_comparisons(admin_client.post(url, data), lang, comparisons)
    response = admin_client.post(url, {**data, "post": "yes"})
    assert_names_the_comparisons(response, lang, comparisons)
    assert law.articles.count() == 3


def test_admin_deletes_an_uncited_article_after_the_usual_confirmation(admin_client, cited):
    law, article, comparisons = cited
    uncited = law.articles.get(number=3)
    url = f"/en/admin/legislation/article/{uncited.pk}/delete/"
    assert "Are you sure" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=uncited.pk).exists()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh-hans", "法律依据: 《{law}》第二条"),
        ("en", "Legal basis: Article 2 of the {law}"),
    ],
)
def test_deleting_a_comparison_names_its_legal_basis_not_a_link_row(
    admin_client, cited, lang, expected
):
    law, article, comparisons = cited
    response = admin_client.get(f"/{lang}/admin/cards/comparison/{comparisons[0].pk}/delete/")
    page = response.content.decode()
    title = law.title_zh_hans if lang == "zh-hans" else law.title_en
    assert expected.format(law=title) in page
    assert "Comparison_legal_basis" not in page and "relationship" not in page
    admin_client.post(
        f"/{lang}/admin/cards/comparison/{comparisons[0].pk}/delete/", {"post": "yes"}
    )
    assert not Comparison.objects.filter(pk=comparisons[0].pk).exists()
    assert Article.objects.filter(pk=article.pk).exists()
