from django.urls import path

from . import views

app_name = "annotations"

urlpatterns = [
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/select/", views.group_select, name="group_select"),
    path("groups/join/<str:token>/", views.group_join, name="group_join"),
    path("groups/<slug:slug>/", views.group_detail, name="group_detail"),
    path("groups/<slug:slug>/invite/", views.group_regenerate_invite, name="group_regenerate_invite"),
    path("groups/<slug:slug>/members/<int:user_id>/remove/", views.member_remove, name="member_remove"),
    path(
        "groups/<slug:slug>/members/<int:user_id>/organiser/",
        views.member_make_organiser,
        name="member_make_organiser",
    ),
    path("groups/<slug:slug>/notebook/", views.notebook_page, name="notebook"),
    path("groups/<slug:slug>/notebook.md", views.notebook_markdown, name="notebook_markdown"),
    path("groups/<slug:slug>/notebook.csv", views.notebook_csv, name="notebook_csv"),
    path("groups/<slug:slug>/notebook.jsonld", views.notebook_jsonld, name="notebook_jsonld"),
    path("speeches/<str:slug>/p<int:number>/notes/", views.paragraph_notes, name="paragraph_notes"),
    path("notes/mine/", views.my_notes, name="my_notes"),
    path("search/notes/", views.note_search_page, name="note_search"),
    path("notes/mine.csv", views.my_notes_csv, name="my_notes_csv"),
    path("notes/<int:note_id>/", views.note_detail, name="note_detail"),
    path("notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:note_id>/delete/", views.note_delete, name="note_delete"),
]
