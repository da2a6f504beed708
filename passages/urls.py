from django.urls import path

from . import views

app_name = "passages"

urlpatterns = [
    path("speeches/<str:slug>/p<int:number>/parallels/", views.paragraph_parallels, name="paragraph_parallels"),
]
