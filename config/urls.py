from django.contrib import admin
from django.urls import include, path

from . import views

# A database outage raised outside a view still answers 503 (config/unavailable.py).
handler500 = "config.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # The language switch in the footer (POST); URLs stay without a language prefix.
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("", include("accounts.urls")),
    path("", include("speeches.urls")),
    path("", include("reading.urls")),
    path("", include("passages.urls")),
    path("", include("annotations.urls")),
    path("", include("meetings.urls")),
    path("", include("phrases.urls")),
    path("", include("compare.urls")),
]
