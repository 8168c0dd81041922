"""The legal basis becomes a declared through model (cards.models.LegalBasis) on the table
Django had created for the many-to-many field: state only, the table and its rows stay as
they are (same name, columns, unique constraint and indexes). Django's documented way:
SeparateDatabaseAndState with no database operation."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0003_comparison_note"),
        ("legislation", "0004_publishing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="LegalBasis",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="citations",
                                to="legislation.article",
                                verbose_name="article",
                            ),
                        ),
                        (
                            "comparison",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="citations",
                                to="cards.comparison",
                                verbose_name="comparison",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "legal basis",
                        "verbose_name_plural": "legal basis",
                        "db_table": "cards_comparison_legal_basis",
                        "unique_together": {("comparison", "article")},
                    },
                ),
                migrations.AlterField(
                    model_name="comparison",
                    name="legal_basis",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="The statute articles this comparison relies on.",
                        related_name="comparisons",
                        through="cards.LegalBasis",
                        to="legislation.article",
                        verbose_name="legal basis",
                    ),
                ),
            ],
        ),
    ]
