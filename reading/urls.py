from django.urls import path

from . import views

urlpatterns = [
    path("speeches/<slug:slug>/", views.speech_detail, name="speech_detail"),
    path("speeches/<slug:slug>/p<int:number>/text/", views.paragraph_text, name="paragraph_text"),
]
