from django.urls import path

from . import views

app_name = "cards"
urlpatterns = [
    path("compare/<slug:slug>/", views.ComparisonDetailView.as_view(), name="comparison"),
    path("cards/<slug:slug>/", views.CardTypeDetailView.as_view(), name="card"),
]
