from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    # set_language (POST): the language switch in the footer; URLs stay without a language prefix.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("", include("speeches.urls")),
    path("", include("reading.urls")),
    path("", include("passages.urls")),
    path("", include("annotations.urls")),
    path("", include("phrases.urls")),
    path("", include("compare.urls")),
]
