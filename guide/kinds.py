"""The content kind of this app (publishing.registry), registered from its AppConfig.ready()."""

from cards.models import CardType
from publishing.registry import Endpoint, Kind

from .models import Task

# A task has no page of its own: the guide lists it, and /api/v1/guide/.
TASK = Kind(
    name="task",
    model=Task,
    related=("card",),
    page=None,
    listed_on="guide:index",
    api_endpoints=(
        Endpoint(
            "guide/",
            "api.serializers.TaskSerializer",
            "Which card do I need? (the task guide)",
            "guide",
            many=True,
            selector="api.selectors.tasks",
            view="api.views.TaskListView",  # public from its date on: the ETag knows
            root="guide",
        ),
    ),
    within="card",  # public while its card is (Task.objects.published())
    shows=((CardType, "card", "pk"),),
    refers_to=(("card-type", "card"), ("comparison", "point__comparison"), ("article", "article")),
)

KINDS = (TASK,)
