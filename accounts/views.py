from http import HTTPStatus

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.htmx import INVALID

from .forms import SignupForm
from .redirects import SafeNextMixin, safe_next
from .throttle import record_signup, signups_exhausted

TOO_MANY = HTTPStatus.TOO_MANY_REQUESTS


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, reverse("reading:speech_list"))
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url)
    if request.method == "POST" and signups_exhausted(request):
        return render(request, "registration/too_many_signups.html", status=TOO_MANY)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        record_signup(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return HttpResponseRedirect(next_url)
    status = INVALID if form.is_bound else 200
    return render(request, "registration/signup.html", {"form": form, "next": next_url}, status=status)


class LoginView(SafeNextMixin, auth_views.LoginView):
    redirect_authenticated_user = True


class LogoutView(SafeNextMixin, auth_views.LogoutView):
    pass
