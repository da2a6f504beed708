"""Where to send someone after a form: the `next` they came with, if it is a place on this site.

`next` is a URL, never a URL name: it is checked with Django's url_has_allowed_host_and_scheme (this host, no
other scheme) and must be a path ("/speeches/…") or a full URL; anything else ("foo", "javascript:…",
"//evil.example") falls back to the default page. Redirect to it with HttpResponseRedirect, not `redirect()`,
which would first try it as a URL name.
"""

from urllib.parse import urlsplit

from django.contrib.auth.views import RedirectURLMixin
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_next(request: HttpRequest, target: str) -> bool:
    if not target or not (target.startswith("/") or urlsplit(target).scheme):
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_next(request, target) else default


class SafeNextMixin(RedirectURLMixin):
    """Django's log-in and log-out views with the same rule for `next` (their own fallback otherwise)."""

    def get_redirect_url(self) -> str:
        target = super().get_redirect_url()
        return target if is_safe_next(self.request, target) else ""
