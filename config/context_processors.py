from django.http import HttpRequest


def csp_nonce(request: HttpRequest) -> dict:
    """The request's Content-Security-Policy nonce, for <script nonce> (django-htmx's htmx_script uses it)."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
