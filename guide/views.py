from django.views.generic import ListView

from publishing.models import OldSlug
from publishing.pagination import paginate

from .models import Task

PER_PAGE = 50  # editors keep a few tasks: one page; the bound only keeps the page small


class TaskListView(ListView):
    def get_queryset(self):
        return Task.objects.visible_to(self.request.user).with_links()

    def get_context_data(self, **kwargs):
        page = paginate(self.request, self.object_list, PER_PAGE)
        tasks = list(page.object_list)
        keep_old_anchors(tasks)
        return super().get_context_data(object_list=tasks, task_list=tasks, page_obj=page, **kwargs)


def keep_old_anchors(tasks):
    """Give each task `old_anchors`: the ids (`task-<old slug>`) of the anchors it had before
    it was renamed. A fragment never reaches the server, so an old link to `#task-<old slug>`
    cannot be redirected; an empty element with that id inside the renamed task lets it land
    there, without a script. One query. (A recorded old slug is no other task's slug:
    publishing.redirects.)"""
    current = {task.slug for task in tasks}
    old = {}
    if tasks:
        rows = OldSlug.objects.of_model(Task).filter(object_id__in=[task.pk for task in tasks])
        for object_id, slug in rows.order_by("slug").values_list("object_id", "slug"):
            if slug not in current:
                old.setdefault(object_id, []).append(f"task-{slug}")
    for task in tasks:
        task.old_anchors = old.get(task.pk, [])
