from django.urls import path

from . import editing, views

app_name = "speeches"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("speeches/new/", editing.speech_new, name="speech_new"),
    path("speeches/new/preview/", editing.speech_new_preview, name="speech_new_preview"),
    path("speeches/<str:slug>/edit/", editing.speech_manage, name="speech_manage"),
    path("speeches/<str:slug>/edit/details/", editing.speech_details, name="speech_details"),
    path("speeches/<str:slug>/replace/", editing.speech_replace, name="speech_replace"),
    path("speeches/<str:slug>/replace/preview/", editing.speech_replace_preview, name="speech_replace_preview"),
    path("speeches/<str:slug>/p<int:number>/edit/", editing.paragraph_edit, name="paragraph_edit"),
    path("speeches/<str:slug>/archive/", editing.speech_archive, name="speech_archive"),
    path("speeches/<str:slug>/delete/", editing.speech_delete, name="speech_delete"),
    path("collections/", editing.collection_list, name="collection_list"),
    path("collections/<str:slug>/delete/", editing.collection_delete, name="collection_delete"),
]
