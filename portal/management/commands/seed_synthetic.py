"""A large bilingual data set for load and scale tests:

    manage.py seed_synthetic --comparisons 10000 --laws 100 --articles-per-law 500

Rows are written with bulk_create in batches inside one transaction (no per-row signals),
then the content version is bumped once. Slugs start with "synthetic-", so running it again
replaces the earlier synthetic rows and leaves the editors' content alone.

The earlier rows are removed with one DELETE statement per table, not with the ORM's
delete(): that loads every row and sends its delete signals (change feed, translation states,
drafts, old slugs), several queries per row, which took over ten minutes for the full data
set. Nothing recorded the synthetic rows when they were created (bulk_create sends no
signals either); the rows an editor's visit may have added for them (drafts, old slugs,
translation states) are removed with them.
"""

import datetime
import itertools

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, connection, models, transaction
from django.db.models.functions import Cast

from cards.models import CardType, ComparedCard, Comparison, ComparisonPoint, PointText
from legislation.models import Article, ArticleWording, Chapter, Law, LawVersion, Section
from publishing.content import content_changed
from publishing.models import Draft, DraftReference, OldSlug
from search.indexes import analyze
from translations.models import TranslationState

BATCH = 2000
CHAPTERS_PER_LAW = 10
POINTS_PER_COMPARISON = 3
PREFIX = "synthetic-"


class Command(BaseCommand):
    help = "Create a large synthetic bilingual data set (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--comparisons", type=int, default=1000)
        parser.add_argument("--laws", type=int, default=10)
        parser.add_argument("--articles-per-law", type=int, default=100)
        parser.add_argument("--card-types", type=int, default=20)

    def handle(self, *args, comparisons, laws, articles_per_law, card_types, **options):
        try:
            with transaction.atomic():
                self.remove_earlier()
        except IntegrityError as error:
            raise CommandError(
                f"Other content refers to the earlier synthetic rows; nothing was changed: {error}"
            ) from error
        with transaction.atomic():
            self.laws(laws, articles_per_law)
            cards = self.card_types(card_types)
            self.comparisons(comparisons, cards)
        content_changed()
        analyze()  # so that PostgreSQL's planner uses the search indexes at once
        if options["verbosity"]:
            self.stdout.write(
                f"Created {laws} laws × {articles_per_law} articles, {card_types} card types, "
                f"{comparisons} comparisons."
            )

    def remove_earlier(self):
        """The earlier synthetic rows, children first, one statement per table."""
        comparisons = Comparison.objects.filter(slug__startswith=PREFIX)
        laws = Law.objects.filter(slug__startswith=PREFIX)
        cards = CardType.objects.filter(slug__startswith=PREFIX)
        basis = Comparison.legal_basis.through.objects
        steps = [
            PointText.objects.filter(
                models.Q(point__comparison__in=comparisons) | models.Q(card_type__in=cards)
            ),
            ComparisonPoint.objects.filter(comparison__in=comparisons),
            ComparedCard.objects.filter(comparison__in=comparisons),
            basis.filter(models.Q(comparison__in=comparisons) | models.Q(article__law__in=laws)),
            comparisons,
            ArticleWording.objects.filter(article__law__in=laws),
            Article.objects.filter(law__in=laws),
            Section.objects.filter(law__in=laws),
            Chapter.objects.filter(law__in=laws),
            LawVersion.objects.filter(law__in=laws),
            laws,
            cards,
        ]
        for rows in steps:
            delete_keyed_to(rows)
            delete_rows(rows)
        # An editor's content that still refers to a removed row (a guide task naming a
        # synthetic card) fails the deferred foreign key check at commit: nothing changes.

    def laws(self, count, per_law):
        day = datetime.date(2020, 1, 1)
        laws = Law.objects.bulk_create(
            Law(
                slug=f"{PREFIX}law-{n}",
                title_zh_hans=f"合成测试法第{n}号",
                title_en=f"Synthetic Test Law No. {n}",
                short_title_zh_hans=f"合成法{n}",
                short_title_en=f"Synthetic Law {n}",
                summary_zh_hans="用于负载测试的合成法律。",
                summary_en="A synthetic law for load tests.",
                adopted_on=day,
                effective_on=day,
                is_published=True,
            )
            for n in range(1, count + 1)
        )
        chapters = Chapter.objects.bulk_create(
            (
                Chapter(
                    law=law,
                    number=c,
                    title_zh_hans=f"第{c}章 总则",
                    title_en=f"Chapter {c}: general provisions",
                )
                for law in laws
                for c in range(1, CHAPTERS_PER_LAW + 1)
            ),
            batch_size=BATCH,
        )
        by_law = {}
        for chapter in chapters:
            by_law.setdefault(chapter.law_id, []).append(chapter)
        per_chapter = max(per_law // CHAPTERS_PER_LAW, 1)
        articles = (
            Article(
                law=law,
                chapter=by_law[law.pk][min((a - 1) // per_chapter, CHAPTERS_PER_LAW - 1)],
                number=a,
                text_zh_hans=f"第{a}条的合成条文：用人单位应当依法为职工缴纳社会保险费。",
                text_en=f"Synthetic text of article {a}: employers pay social insurance.",
                is_published=True,
            )
            for law in laws
            for a in range(1, per_law + 1)
        )
        self.bulk(Article, articles)

    def card_types(self, count):
        return CardType.objects.bulk_create(
            CardType(
                slug=f"{PREFIX}card-{n}",
                name_zh_hans=f"合成卡{n}",
                name_en=f"Synthetic card {n}",
                summary_zh_hans="用于负载测试的合成卡种。",
                summary_en="A synthetic card type for load tests.",
                position=100 + n,
                is_published=True,
            )
            for n in range(1, count + 1)
        )

    def comparisons(self, count, cards):
        today = datetime.date(2026, 1, 1)
        comparisons = self.bulk(
            Comparison,
            (
                Comparison(
                    slug=f"{PREFIX}comparison-{n}",
                    title_zh_hans=f"合成对比{n}",
                    title_en=f"Synthetic comparison {n}",
                    introduction_zh_hans="用于负载测试。",
                    introduction_en="For load tests.",
                    is_published=True,
                    published_on=today,
                )
                for n in range(1, count + 1)
            ),
        )
        pairs = itertools.cycle(itertools.combinations(cards, 2))
        chosen = {c.pk: next(pairs) for c in comparisons}
        self.bulk(
            ComparedCard,
            (
                ComparedCard(comparison=c, card_type=card, position=p)
                for c in comparisons
                for p, card in enumerate(chosen[c.pk])
            ),
        )
        points = self.bulk(
            ComparisonPoint,
            (
                ComparisonPoint(
                    comparison=c,
                    position=p,
                    aspect_zh_hans="发卡机构",
                    aspect_en="Issuer",
                    heading_zh_hans=f"比较要点{p}",
                    heading_en=f"Point {p}",
                )
                for c in comparisons
                for p in range(POINTS_PER_COMPARISON)
            ),
        )
        self.bulk(
            PointText,
            (
                PointText(
                    point=point,
                    card_type=card,
                    text_zh_hans="合成说明文字。",
                    text_en="Synthetic explanation.",
                )
                for point in points
                for card in chosen[point.comparison_id]
            ),
        )

    @staticmethod
    def bulk(model, objects):
        created, batch = [], []
        for obj in objects:
            batch.append(obj)
            if len(batch) == BATCH:
                created += model.objects.bulk_create(batch)
                batch = []
        if batch:
            created += model.objects.bulk_create(batch)
        return created


def delete_rows(queryset):
    """DELETE the rows of `queryset` in one statement: no loading, no signals."""
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    pk = connection.ops.quote_name(queryset.model._meta.pk.column)
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({sql})", params)


def delete_keyed_to(queryset):
    """The rows that name `queryset`'s objects by content type and id (translation states,
    old slugs, drafts)."""
    content_type = ContentType.objects.get_for_model(queryset.model)
    ids = queryset.values("pk")
    text_ids = queryset.annotate(text_id=Cast("pk", models.CharField())).values("text_id")
    for rows in (
        TranslationState.objects.filter(content_type=content_type, object_id__in=ids),
        OldSlug.objects.filter(content_type=content_type, object_id__in=ids),
        # A draft's index of links first: its rows point at the draft (publishing.models).
        DraftReference.objects.filter(
            draft__content_type=content_type, draft__object_id__in=text_ids
        ),
        Draft.objects.filter(content_type=content_type, object_id__in=text_ids),
    ):
        delete_rows(rows)
