import datetime

from django.utils import timezone, translation

from cards.models import Comparison, PointText
from tests.factories import make_card_type, make_comparison
from translations.i18n import is_fallback


def test_rows_follow_the_editors_column_order(db):
    first, second, third = make_card_type(), make_card_type(), make_card_type()
    comparison = make_comparison(card_types=[third, first, second], points=2)
    comparison = Comparison.objects.with_content().get(pk=comparison.pk)
    assert comparison.compared_card_types() == [third, first, second]
    for _point, cells in comparison.rows():
        assert [card for card, _text in cells] == [third, first, second]


def test_rows_leave_a_gap_where_a_text_is_missing(db):
    comparison = make_comparison(points=1)
    PointText.objects.filter(card_type=comparison.compared_card_types()[1]).delete()
    comparison = Comparison.objects.with_content().get(pk=comparison.pk)
    [(_point, cells)] = comparison.rows()
    assert cells[0][1] is not None and cells[1][1] is None


def test_published_excludes_drafts_and_scheduled_times(db):
    now = timezone.now()
    live = make_comparison()
    make_comparison(is_published=False)
    make_comparison(publish_at=now + datetime.timedelta(minutes=1))
    make_comparison(unpublish_at=now - datetime.timedelta(minutes=1))
    assert list(Comparison.objects.published()) == [live]


def test_fallback_is_detected_per_field(db):
    comparison = make_comparison(title_en="")
    with translation.override("en"):
        assert comparison.title == comparison.title_zh_hans  # modeltranslation falls back
        assert is_fallback(comparison, "title")
    with translation.override("zh-hans"):
        assert not is_fallback(comparison, "title")
