from django.urls import path

from . import views

app_name = "questions"
urlpatterns = [
    path("", views.QuestionListView.as_view(), name="index"),
    path("topics/<slug:topic>/", views.QuestionListView.as_view(), name="topic"),
    path("<slug:slug>/", views.QuestionDetailView.as_view(), name="question"),
]
