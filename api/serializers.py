"""What each endpoint answers. Only what a visitor can already see on the site: no database
ids (objects are named by slugs and numbers), no draft state, no staff-only field."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cards.models import CardType, Comparison
from guide.models import Task
from legislation.models import Article, Chapter, Law, Section
from publishing.origin import absolute_url
from questions.models import Question, QuestionBlock, Topic

from . import changes
from .fields import (
    DerivedTextField,
    LinkField,
    PublicLinkField,
    TranslatedModelSerializer,
    TranslatedTextField,
    WebURLField,
)
from .models import Change


def api_link(name, **kwargs):
    return LinkField(
        lambda obj: reverse(f"api:{name}", kwargs={k: f(obj) for k, f in kwargs.items()})
    )


def page_link():
    return LinkField(lambda obj: obj.get_absolute_url(), help_text="The page on the site.")


# Card types ---------------------------------------------------------------------------------


class ComparisonRefSerializer(TranslatedModelSerializer):
    url = api_link("comparison", slug=lambda c: c.slug)
    html_url = page_link()

    class Meta:
        model = Comparison
        fields = ("slug", "title", "url", "html_url")


class CardTypeSerializer(TranslatedModelSerializer):
    url = api_link("card-type", slug=lambda c: c.slug)
    html_url = page_link()
    comparisons = ComparisonRefSerializer(
        source="public_comparisons", many=True, help_text="Published comparisons of this card."
    )

    class Meta:
        model = CardType
        fields = (
            "slug", "name", "short_name", "summary", "issuer", "eligibility", "main_uses",
            "url", "html_url", "comparisons",
        )  # fmt: skip


class CardTypeRefSerializer(TranslatedModelSerializer):
    """A compared card type: its name always, its links only while it is public."""

    url = PublicLinkField(
        lambda c: reverse("api:card-type", kwargs={"slug": c.slug}),
        help_text="null while the card type is not public.",
    )
    html_url = PublicLinkField(
        lambda c: c.get_absolute_url(), help_text="null while the card type is not public."
    )

    class Meta:
        model = CardType
        fields = ("slug", "name", "short_name", "url", "html_url")


# Laws and articles --------------------------------------------------------------------------


class SectionSerializer(TranslatedModelSerializer):
    label = serializers.CharField(help_text="第一节 / Section 1, made from the number.")
    html_url = LinkField(lambda s: f"{s.chapter.law.get_absolute_url()}#{s.anchor}")

    class Meta:
        model = Section
        fields = ("number", "label", "title", "html_url")


class ChapterSerializer(TranslatedModelSerializer):
    label = serializers.CharField(help_text="第一章 / Chapter I, made from the number.")
    html_url = LinkField(lambda c: f"{c.law.get_absolute_url()}#{c.anchor}")
    sections = SectionSerializer(many=True, help_text="Its 节, where it has any.")

    class Meta:
        model = Chapter
        fields = ("number", "label", "title", "html_url", "sections")


class LawRefSerializer(TranslatedModelSerializer):
    url = api_link("law", slug=lambda law: law.slug)
    html_url = page_link()

    class Meta:
        model = Law
        fields = ("slug", "title", "short_title", "url", "html_url")


class LawSerializer(TranslatedModelSerializer):
    source_url = WebURLField(help_text="The official text; null when none is given.")
    url = api_link("law", slug=lambda law: law.slug)
    html_url = page_link()
    articles_url = api_link("article-list", slug=lambda law: law.slug)
    chapters = ChapterSerializer(many=True)

    class Meta:
        model = Law
        fields = (
            "slug", "title", "short_title", "issuing_body", "summary", "history",
            "adopted_on", "effective_on", "amended_on", "repealed_on", "source_url",
            "url", "html_url", "articles_url", "chapters",
        )  # fmt: skip


class ChapterRefSerializer(TranslatedModelSerializer):
    label = serializers.CharField()

    class Meta:
        model = Chapter
        fields = ("number", "label", "title")


class SectionRefSerializer(TranslatedModelSerializer):
    label = serializers.CharField()

    class Meta:
        model = Section
        fields = ("number", "label", "title")


class CitationSerializer(TranslatedModelSerializer):
    """A statute article as quoted in a comparison's legal basis."""

    law = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    label = serializers.CharField(help_text="第二条 / Article 2, made from the number.")
    citation = DerivedTextField(lambda a: a.citation, depends_on=[("law", "title")])
    url = api_link("article", slug=lambda a: a.law.slug, number=lambda a: a.number)
    html_url = page_link()

    class Meta:
        model = Article
        fields = ("law", "number", "label", "citation", "text", "url", "html_url")


class ArticleSerializer(CitationSerializer):
    law = LawRefSerializer()
    chapter = ChapterRefSerializer(allow_null=True)
    section = SectionRefSerializer(allow_null=True)

    class Meta(CitationSerializer.Meta):
        fields = (
            "law", "chapter", "section", "number", "label", "citation", "text", "url", "html_url",
        )  # fmt: skip

    def to_representation(self, article):
        data = super().to_representation(article)
        if date := self.context.get("date"):  # the site's page of the same wording
            data["html_url"] += f"?date={date.isoformat()}"
        return data


# Comparisons --------------------------------------------------------------------------------


class PointTextSerializer(serializers.Serializer):
    card_type = serializers.CharField(help_text="The card type's slug.")
    text = TranslatedTextField(
        "text", source="point_text", allow_null=True, help_text="null: not written yet."
    )


class PointSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1, 2, … in the comparison's order.")
    aspect = TranslatedTextField("aspect", source="point")
    heading = TranslatedTextField("heading", source="point")
    texts = PointTextSerializer(many=True, help_text="One per card type, in column order.")
    html_url = serializers.URLField(help_text="The point on the comparison page.")
    embed_url = serializers.URLField(help_text="An embeddable card of this point.")


class ComparisonSerializer(TranslatedModelSerializer):
    url = api_link("comparison", slug=lambda c: c.slug)
    html_url = page_link()
    card_types = CardTypeRefSerializer(
        source="compared_card_types", many=True, help_text="In column order."
    )

    class Meta:
        model = Comparison
        fields = (
            "slug", "title", "introduction", "published_on", "updated_at", "url", "html_url",
            "card_types",
        )  # fmt: skip


class ComparisonDetailSerializer(ComparisonSerializer):
    points = serializers.SerializerMethodField()
    legal_basis = CitationSerializer(
        source="cited_articles", many=True, help_text="The public articles it cites."
    )

    class Meta(ComparisonSerializer.Meta):
        fields = (*ComparisonSerializer.Meta.fields, "points", "legal_basis")

    @extend_schema_field(PointSerializer(many=True))
    def get_points(self, comparison):
        page = absolute_url(comparison.get_absolute_url())
        rows = [
            {
                "number": number,
                "point": point,
                "texts": [{"card_type": card.slug, "point_text": text} for card, text in cells],
                "html_url": f"{page}#{point.anchor}",
                "embed_url": absolute_url(
                    reverse("embed:point", kwargs={"slug": comparison.slug, "number": number})
                ),
            }
            for number, (point, cells) in enumerate(comparison.rows(), start=1)
        ]
        return PointSerializer(rows, many=True, context=self.context).data


# The change feed --------------------------------------------------------------------------


class ChangeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=[kind.name for kind in changes.kinds()], source="object_type"
    )
    id = serializers.CharField(
        source="object_key",
        help_text="The object's public identifier: a slug, or <law slug>/<number> for an article.",
    )
    kind = serializers.ChoiceField(choices=Change.Kind.values)
    time = serializers.DateTimeField(source="happened_at")
    url = LinkField(
        lambda change: changes.api_path(changes.kind_named(change.object_type), change.object_key),
        help_text="The object in this API (404 once withdrawn).",
    )


class ChangesPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="More events: the next page.")
    cursor = serializers.CharField(
        allow_null=True, help_text="Pass as `since` next time to get only newer events."
    )
    results = ChangeSerializer(many=True)


# The task guide -----------------------------------------------------------------------------


class TaskSerializer(TranslatedModelSerializer):
    """A task of the guide “Which card do I need?”: the card to bring and why, with the
    comparison point and statute article that say so."""

    card = CardTypeRefSerializer(help_text="The card to bring.")
    point_html_url = LinkField(
        lambda task: task.point_url,
        allow_null=True,
        help_text="The comparison point that says so, on the site (null while not public).",
    )
    article = CitationSerializer(
        source="public_article",
        allow_null=True,
        help_text="The statute article that says so (null while not public).",
    )
    html_url = page_link()

    class Meta:
        model = Task
        fields = ("slug", "question", "reason", "card", "point_html_url", "article", "html_url")


# Questions ----------------------------------------------------------------------------------


class TopicSerializer(TranslatedModelSerializer):
    html_url = page_link()

    class Meta:
        model = Topic
        fields = ("slug", "name", "html_url")


class QuestionRefSerializer(TranslatedModelSerializer):
    url = api_link("question", slug=lambda q: q.slug)
    html_url = page_link()

    class Meta:
        model = Question
        fields = ("slug", "question", "url", "html_url")


class QuestionCitationSerializer(serializers.Serializer):
    """A cited article, or one paragraph (款) of it, with the text cited."""

    article = CitationSerializer()
    paragraph = serializers.IntegerField(
        source="cited_paragraph",
        allow_null=True,
        help_text="The paragraph cited (1 for the first); null: the article.",
    )
    citation = DerivedTextField(
        lambda c: c.article.citation_of(c.cited_paragraph),
        depends_on=[("article.law", "title")],
        help_text="What is cited: 《中华人民共和国社会保险法》第七十四条第四款 / Article 74(4) "
        "of the …; the article's citation when no paragraph is named.",
    )
    quoted_text = serializers.SerializerMethodField(
        help_text="The words cited, in the answer's language (the Chinese where the article "
        "is not translated: see `article.text.fallback`)."
    )
    html_url = LinkField(
        lambda c: c.article.get_absolute_url() + c.anchor, help_text="The article or paragraph."
    )

    def get_quoted_text(self, citation) -> str:
        return "\n\n".join(text for _anchor, text in citation.quoted())


class QuestionBlockSerializer(serializers.Serializer):
    """One block of the answer: a paragraph, numbered points, steps, a small table, or a
    quotation of an article (by reference: its text is the article's)."""

    type = serializers.ChoiceField(choices=QuestionBlock.Type.values)
    text = TranslatedTextField("text", help_text="As written; empty for a quotation.")
    items = serializers.SerializerMethodField(help_text="Points and steps: one per item.")
    table = serializers.SerializerMethodField(
        help_text="A table: the heading cells, then the rows; null for other blocks."
    )
    quotation = serializers.SerializerMethodField(help_text="A quotation: what it quotes.")

    def get_items(self, block) -> list[str]:
        return block.lines if block.type in ("points", "steps") else []

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "head": {"type": "array", "items": {"type": "string"}},
                "rows": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    )
    def get_table(self, block):
        if block.type != "table":
            return None
        head, rows = block.table
        return {"head": head, "rows": rows}

    @extend_schema_field(QuestionCitationSerializer(allow_null=True))
    def get_quotation(self, block):
        if block.type != "quote" or block.article_id is None:
            return None
        return QuestionCitationSerializer(block, context=self.context).data


class QuestionSerializer(TranslatedModelSerializer):
    url = api_link("question", slug=lambda q: q.slug)
    html_url = page_link()
    embed_url = LinkField(
        lambda q: reverse("embed:question", kwargs={"slug": q.slug}),
        help_text="An embeddable card of this question.",
    )
    topics = TopicSerializer(many=True)

    class Meta:
        model = Question
        fields = (
            "slug", "question", "short_answer", "topics", "published_on", "updated_at", "url",
            "html_url", "embed_url",
        )  # fmt: skip


class QuestionDetailSerializer(QuestionSerializer):
    blocks = QuestionBlockSerializer(source="shown_blocks", many=True)
    legal_basis = QuestionCitationSerializer(
        source="cited", many=True, help_text="The public articles (or paragraphs) it cites."
    )
    related_questions = QuestionRefSerializer(source="public_related_questions", many=True)
    related_comparisons = ComparisonRefSerializer(source="public_related_comparisons", many=True)

    class Meta(QuestionSerializer.Meta):
        fields = (
            *QuestionSerializer.Meta.fields, "blocks", "legal_basis", "related_questions",
            "related_comparisons",
        )  # fmt: skip
