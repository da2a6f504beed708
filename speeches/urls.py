from django.urls import path

from . import views

urlpatterns = [
    path("", views.speech_list, name="speech_list"),
    path("speeches/<str:slug>/", views.speech_detail, name="speech_detail"),
    path("search/", views.search_page, name="search"),
]
