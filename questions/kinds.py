"""The content kind of this app (publishing.registry), registered from its AppConfig.ready().

A question cites statute articles as a comparison does (cards/kinds.py): through its own rows
(QuestionLegalBasis), declared in `refers_to` and `shows`, so whatever reads the registry for
what cites an article (integrity, the change feed, the review of a changed legal basis) covers
questions without naming them."""

from legislation.models import Article, Law
from publishing.registry import Endpoint, Kind

from .models import Question, QuestionBlock, QuestionLegalBasis, Topic

QUESTION = Kind(
    name="question",
    model=Question,
    page="questions:question",
    listed_on=None,
    api_endpoints=(
        Endpoint(
            "questions/",
            "api.serializers.QuestionSerializer",
            "Published questions",
            "questions",
            many=True,
            selector="api.selectors.questions_with_topics",
            root="questions",
        ),
        Endpoint(
            "questions/<slug:slug>/",
            "api.serializers.QuestionDetailSerializer",
            "A question with its answer, legal basis and related pages",
            "questions",
            selector="api.selectors.questions_with_content",
            old_slugs="question",
        ),
    ),
    embed="embed:question",
    search_fields=("question", "short_answer"),
    search_group="questions",
    sitemap="questions",
    feed=("-updated_at",),
    dates=("published_on", "updated_at"),
    description=("short_answer", "question"),
    follow=("citations", "blocks"),
    parts={QuestionLegalBasis: (), QuestionBlock: ()},
    shows=(
        (QuestionLegalBasis, "citations", "pk"),
        (QuestionBlock, "blocks", "pk"),
        (Topic, "topics", "pk"),
        (Law, "legal_basis__law", "pk"),
        (Article, "legal_basis", "pk"),
        (Article, "blocks__article", "pk"),
    ),
    # Its topics, related questions and comparisons: link rows of its own, guarded from the
    # registry (publishing.deletion.guard_references), cut and restored by repair. A topic is
    # no kind of its own: named by its model's label.
    refers_to=(
        ("questions.Topic", "topics"),
        ("article", "legal_basis"),
        ("article", "blocks__article"),
        ("question", "related_questions"),
        ("comparison", "related_comparisons"),
    ),
)

KINDS = (QUESTION,)
