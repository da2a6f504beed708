from django.urls import path

from . import views

# The .json and .csv patterns come first: a phrase never holds "/", so the page's pattern
# (which ends in "/") cannot take them, but the order keeps that plain to see.
app_name = "phrases"

urlpatterns = [
    path("phrases/<str:phrase>.json", views.phrase_json, name="phrase_json"),
    path("phrases/<str:phrase>/concordance.csv", views.phrase_csv, name="phrase_csv"),
    path("phrases/<str:phrase>/company/", views.phrase_company, name="phrase_company"),
    path("phrases/<str:phrase>/", views.phrase_detail, name="phrase_detail"),
]
