from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from publishing.pagination import paginate
from publishing.redirects import OldSlugRedirectMixin, old_slug_redirect
from publishing.views import DraftPreviewMixin

from .models import Question, Topic


class QuestionListView(ListView):
    """The questions, a page at a time, all of them or those of one topic."""

    template_name = "questions/question_list.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:  # a renamed topic's old address: 301 to its current one
            redirect = old_slug_redirect(request, Topic.objects.all(), kwarg="topic", **kwargs)
            if redirect is None:
                raise
            return redirect

    def get_queryset(self):
        questions = Question.objects.visible_to(self.request.user).with_topics()
        self.topic = None
        if "topic" in self.kwargs:
            self.topic = get_object_or_404(Topic, slug=self.kwargs["topic"])
            questions = questions.filter(topics=self.topic)
        return questions.order_by("-published_on", "slug")

    def get_context_data(self, **kwargs):
        page = paginate(self.request, self.object_list)
        return super().get_context_data(
            object_list=page.object_list,
            page_obj=page,
            topic=self.topic,
            topics=Topic.objects.all(),
            **kwargs,
        )


class QuestionDetailView(OldSlugRedirectMixin, DraftPreviewMixin, DetailView):
    def get_queryset(self):
        return Question.objects.visible_to(self.request.user).with_content()

    def get_context_data(self, **kwargs):
        user = self.request.user
        question = self.object
        return super().get_context_data(
            blocks=question.shown_blocks(user),
            citations=question.cited(user),
            related_questions=question.public_related_questions(user),
            related_comparisons=question.public_related_comparisons(user),
            **kwargs,
        )
