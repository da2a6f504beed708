"""Who may edit the library: Django's permissions on Speech.

`speeches.add_speech` (add a speech), `change_speech` (correct, archive, collections) and `delete_speech`
(delete for good), granted in the admin or through a group such as "editors"; a superuser has them all.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required

ADD, CHANGE, DELETE = "speeches.add_speech", "speeches.change_speech", "speeches.delete_speech"


def editor_required(permission: str):
    """A view for editors: visitors go to the log-in page, signed-in users without `permission` get 403."""

    def decorator(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorator


def can_edit(user) -> bool:
    return user.is_authenticated and user.has_perm(CHANGE)
