from django.urls import path

from . import views

app_name = "reading"

urlpatterns = [
    path("", views.speech_list, name="speech_list"),
    path("speeches/<str:slug>/", views.speech_detail, name="speech_detail"),
    path("speeches/<str:slug>/p<int:number>/text/", views.paragraph_text, name="paragraph_text"),
]
