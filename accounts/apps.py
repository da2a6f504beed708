from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-up, log-in and log-out: Django's auth with the site's templates."""

    name = "accounts"
