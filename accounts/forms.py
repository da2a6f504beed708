from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from speeches.text_input import is_clean

from .usernames import scripts_mix_safely, taken_look_alike


class SignupForm(UserCreationForm):
    """Django's own sign-up form (username, password1, password2, the password validators), and a
    username that cannot pass for another member's in the notebook and its exports, and an optional
    e-mail address (for reminders of the group's study sessions; meetings/reminders.py)."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail (optional)"),
        required=False,
        help_text=gettext_lazy("Only for reminders of your group's study sessions; you can turn them off."),
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")

    def clean_username(self) -> str:
        # Before Django's checks: a name with a control or bidirectional character is refused as such (the one
        # door for text, speeches.text_input), rather than as a name with characters Django does not allow.
        raw = self.data.get(self.add_prefix("username"), "")
        if not is_clean(raw, multiline=False):
            raise forms.ValidationError(_("A username cannot contain control characters or direction marks."))
        username = super().clean_username()
        if username is None:  # Django found it taken already (in any case) and said so
            return username
        if not scripts_mix_safely(username):
            raise forms.ValidationError(
                _("A username cannot mix alphabets that look alike (such as Latin and Cyrillic letters).")
            )
        if taken_look_alike(username):
            raise forms.ValidationError(_("This username looks too much like one that is already taken."))
        return username
