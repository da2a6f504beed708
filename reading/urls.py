from django.urls import path

from . import library, views

urlpatterns = [
    path("", library.library, name="speech_list"),
    path("speeches/<str:slug>/", views.speech_detail, name="speech_detail"),
    path("speeches/<str:slug>/p<int:number>/text/", views.paragraph_text, name="paragraph_text"),
]
