from django.views.generic import ListView

from .models import Task


class TaskListView(ListView):
    def get_queryset(self):
        return Task.objects.visible_to(self.request.user).with_links()
