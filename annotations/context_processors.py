from django.http import HttpRequest

from .groups import current_membership, user_groups


def reading_group(request: HttpRequest) -> dict:
    """The signed-in user's current group and the groups they can switch to, for the header (lazily)."""
    user = getattr(request, "user", None)  # absent on error pages raised before authentication
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_membership": lambda: current_membership(request),
        "my_groups": lambda: user_groups(request),
    }
