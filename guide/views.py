from django.views.generic import ListView

from publishing.pagination import paginate

from .models import Task

PER_PAGE = 50  # editors keep a few tasks: one page; the bound only keeps the page small


class TaskListView(ListView):
    def get_queryset(self):
        return Task.objects.visible_to(self.request.user).with_links()

    def get_context_data(self, **kwargs):
        page = paginate(self.request, self.object_list, PER_PAGE)
        return super().get_context_data(object_list=page.object_list, page_obj=page, **kwargs)
