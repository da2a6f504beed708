"""WSGI entry point: `gunicorn --preload config.wsgi`.

Loading jieba's dictionary takes most of a second and ~30 MB; doing it here,
once, in the server's master process (gunicorn --preload shares it with the
workers) means no user's first search pays for it.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from speeches.search import warm_up  # noqa: E402  (needs Django set up first)

warm_up()
