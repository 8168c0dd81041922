"""A large bilingual data set for load and scale tests:

    manage.py seed_synthetic --comparisons 10000 --laws 100 --articles-per-law 500

Rows are written with bulk_create in batches inside one transaction (no per-row signals),
then the content version is bumped once. Slugs start with "synthetic-", so running it again
replaces the earlier synthetic rows and leaves the editors' content alone.
"""

import datetime
import itertools

from django.core.management.base import BaseCommand
from django.db import transaction

from cards.models import CardType, ComparedCard, Comparison, ComparisonPoint, PointText
from legislation.models import Article, Chapter, Law
from publishing.content import content_changed

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
        with transaction.atomic():
            Comparison.objects.filter(slug__startswith=PREFIX).delete()
            CardType.objects.filter(slug__startswith=PREFIX).delete()
            Law.objects.filter(slug__startswith=PREFIX).delete()
            self.laws(laws, articles_per_law)
            cards = self.card_types(card_types)
            self.comparisons(comparisons, cards)
        content_changed()
        if options["verbosity"]:
            self.stdout.write(
                f"Created {laws} laws × {articles_per_law} articles, {card_types} card types, "
                f"{comparisons} comparisons."
            )

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
