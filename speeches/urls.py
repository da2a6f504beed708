from django.urls import path

from . import views

urlpatterns = [
    path("", views.speech_list, name="speech_list"),
    path("search/", views.search_page, name="search"),
]
