from django.urls import path

from . import views

# The .json pattern comes first: a slug never holds "/" or ".", so the page's pattern (which ends in "/")
# cannot take it, but the order keeps that plain to see.
app_name = "compare"

urlpatterns = [
    path("compare/<str:a>/<str:b>.json", views.compare_json, name="compare_json"),
    path("compare/<str:a>/<str:b>/", views.compare, name="compare"),
    path("compare/<str:a>/<str:b>/formulations/", views.formulations, name="formulations"),
    path("compare/<str:slug>/", views.choose, name="choose"),
]
