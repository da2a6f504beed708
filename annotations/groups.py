"""Study groups: creating, joining, choosing the current one, and the organiser's powers."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from .models import Membership, StudyGroup, new_invite_token


class GroupRuleBroken(Exception):
    """An action the group's rules do not allow; the message says why, for the user."""


@transaction.atomic
def create_group(user, name: str, description: str = "") -> StudyGroup:
    """Create a group with `user` as its organiser, and make it their current group."""
    for _ in range(5):
        try:
            with transaction.atomic():
                group = StudyGroup.objects.create(name=name, description=description, slug=StudyGroup.slug_for(name))
            break
        except IntegrityError:  # a slug collision: try another random suffix
            continue
    else:
        raise GroupRuleBroken(gettext("Could not find a free address for the group; please try again."))
    Membership.objects.create(group=group, user=user, role=Membership.Role.ORGANISER, selected_at=timezone.now())
    return group


def join_group(group: StudyGroup, user, *, make_current: bool = True) -> Membership:
    """Join (idempotently); the joined group becomes the user's current one if `make_current`."""
    membership, _ = Membership.objects.get_or_create(group=group, user=user)
    if make_current:
        membership.selected_at = timezone.now()
        membership.save(update_fields=["selected_at"])
    return membership


def regenerate_invite(group: StudyGroup) -> None:
    """A new invite link; the old one stops working at once."""
    group.invite_token = new_invite_token()
    group.save(update_fields=["invite_token"])


@transaction.atomic
def remove_member(group: StudyGroup, membership: Membership) -> None:
    """Remove a member and replace the invite link, which they know: removed means removed. Their notes stay
    theirs (My notes), as they were."""
    if membership.is_organiser:
        raise GroupRuleBroken(
            gettext("An organiser cannot be removed from the group; make someone else the organiser first.")
        )
    membership.delete()
    regenerate_invite(group)


@transaction.atomic
def hand_over(group: StudyGroup, organiser: Membership, successor: Membership) -> None:
    """The successor becomes the organiser; the old organiser stays on as a member."""
    if successor.pk == organiser.pk:
        raise GroupRuleBroken(gettext("You are already the organiser."))
    successor.role = Membership.Role.ORGANISER
    successor.save(update_fields=["role"])
    organiser.role = Membership.Role.MEMBER
    organiser.save(update_fields=["role"])


def select_group(user, group: StudyGroup) -> None:
    Membership.objects.filter(user=user, group=group).update(selected_at=timezone.now())


def current_membership_of(user) -> Membership | None:
    """The membership `user` reads with: the group chosen last, else the one joined first."""
    # nulls_last: PostgreSQL sorts NULL first in a descending order, SQLite last; a group joined but
    # never chosen (selected_at NULL) must not displace the chosen one on either.
    return (
        Membership.objects.filter(user=user)
        .select_related("group")
        .order_by(F("selected_at").desc(nulls_last=True), "joined_at", "pk")
        .first()
    )


def current_membership(request: HttpRequest) -> Membership | None:
    """The current membership of the request's user (cached per request)."""
    if not hasattr(request, "_current_membership"):
        user = request.user
        request._current_membership = current_membership_of(user) if user.is_authenticated else None
    return request._current_membership


def user_groups(request: HttpRequest) -> list[StudyGroup]:
    if not hasattr(request, "_user_groups"):
        request._user_groups = list(StudyGroup.objects.for_member(request.user))
    return request._user_groups


def membership_or_404(request: HttpRequest, slug: str) -> Membership:
    """The user's membership of the group; outsiders get a 404, as if the group did not exist."""
    return get_object_or_404(Membership.objects.select_related("group"), group__slug=slug, user=request.user)
