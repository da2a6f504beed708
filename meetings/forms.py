from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from speeches.models import Speech

from .agenda import MAX_QUESTION_LINES, discussion_questions
from .models import DEFAULT_DURATION, MAX_QUESTIONS_CHARS, MAX_SUMMARY_CHARS, MemberSettings, Session
from .planning import Plan

TIME_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


class SessionForm(forms.Form):
    """Plan or edit a session of `group`: fields named as the issue gives them (title, starts_at, place,
    speech as its slug, first and last paragraph, leader as a username, questions one per line)."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Date and time"),
        input_formats=[TIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=TIME_FORMAT),
        error_messages={"invalid": gettext_lazy("Give the time as YYYY-MM-DDTHH:MM, for example 2025-12-12T14:30.")},
    )
    duration = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"), min_value=15, max_value=720, required=False, initial=DEFAULT_DURATION
    )
    place = forms.CharField(label=gettext_lazy("Place or meeting link (optional)"), max_length=300, required=False)
    speech = forms.CharField(label=gettext_lazy("Speech"), max_length=200, widget=forms.Select)
    first = forms.IntegerField(label=gettext_lazy("From paragraph (optional)"), min_value=1, required=False)
    last = forms.IntegerField(label=gettext_lazy("To paragraph (optional)"), min_value=1, required=False)
    leader = forms.ChoiceField(
        label=gettext_lazy("Leads the reading (optional)"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("%(value)s is not a member of this group.")},
    )
    questions = forms.CharField(
        label=gettext_lazy("Discussion questions (optional)"),
        help_text=gettext_lazy("One per line; “p5: …” ties a question to paragraph 5."),
        required=False,
        max_length=MAX_QUESTIONS_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, group, session: Session | None = None, **kwargs):
        if session is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": session.title,
                "starts_at": session.starts_at,
                "duration": session.duration,
                "place": session.place,
                "speech": session.speech.slug,
                "first": session.first,
                "last": session.last,
                "leader": session.leader.get_username() if session.leader else "",
                "questions": session.questions,
            }
        super().__init__(*args, **kwargs)
        self.group, self.session = group, session
        members = group.memberships.select_related("user").order_by("user__username")
        self.members = {membership.user.get_username(): membership.user for membership in members}
        self.fields["leader"].choices = [("", "—"), *((name, name) for name in self.members)]
        library = Speech.objects.in_library()
        if session is not None:
            library = library | Speech.objects.filter(pk=session.speech_id)
        self.fields["speech"].widget.choices = [
            ("", _("Choose a speech")),
            *library.order_by("-date", "title").values_list("slug", "title"),
        ]

    def clean_speech(self) -> Speech:
        slug = self.cleaned_data["speech"].strip()
        speech = Speech.objects.filter(slug=slug).first()
        if speech is None:
            raise forms.ValidationError(_("No speech has the address “%(slug)s”.") % {"slug": slug})
        if speech.is_archived and (self.session is None or self.session.speech_id != speech.pk):
            raise forms.ValidationError(_("This speech was withdrawn from the library."))
        return speech

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Please give the session a title."))
        return title

    def clean(self) -> dict:
        cleaned = super().clean()
        speech = cleaned.get("speech")
        if not isinstance(speech, Speech):
            return cleaned
        count = speech.paragraphs.count()
        first, last = cleaned.get("first"), cleaned.get("last")
        for name, number in (("first", first), ("last", last)):
            if number is not None and number > count:
                self.add_error(
                    name,
                    _("The speech has %(count)d paragraphs: choose one from 1 to %(count)d.") % {"count": count},
                )
        if first is not None and last is not None and first > last and not self.has_error("first"):
            self.add_error("last", _("The last paragraph comes before the first."))
        lines = discussion_questions(cleaned.get("questions", ""))
        if len(lines) > MAX_QUESTION_LINES:
            self.add_error("questions", _("At most %(count)d questions.") % {"count": MAX_QUESTION_LINES})
        for question in lines:
            if question.number is not None and not 1 <= question.number <= count:
                self.add_error(
                    "questions",
                    _("A question names paragraph %(number)d, but the speech has %(count)d.")
                    % {"number": question.number, "count": count},
                )
                break
        return cleaned

    def plan(self) -> Plan:
        data = self.cleaned_data
        return Plan(
            title=data["title"],
            starts_at=data["starts_at"],
            duration=data["duration"] or DEFAULT_DURATION,
            place=data["place"].strip(),
            speech=data["speech"],
            first=data["first"],
            last=data["last"],
            leader=self.members.get(data["leader"]) if data["leader"] else None,
            questions=data["questions"].strip(),
        )


class AttendanceForm(forms.Form):
    """Who was present: one `present` value per username ticked; the other members were absent."""

    present = forms.MultipleChoiceField(
        label=gettext_lazy("Present"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "attendance__box"}),
        error_messages={"invalid_choice": gettext_lazy("%(value)s is not a member of this group.")},
    )

    def __init__(self, *args, members: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(user.get_username(), user.get_username()) for user in members]


class SummaryForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["summary"]
        labels = {"summary": gettext_lazy("Summary")}
        widgets = {"summary": forms.Textarea(attrs={"rows": 6, "maxlength": MAX_SUMMARY_CHARS})}


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(
        label=gettext_lazy("Conclusion"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Write the conclusion the group reached.")},
    )


class ProgressForm(forms.Form):
    """What the speech page posts: the furthest paragraph shown on screen (none: only opened)."""

    furthest = forms.IntegerField(required=False, min_value=0, max_value=100_000)


class SettingsForm(forms.ModelForm):
    """A member's e-mail address and their choices about reminders and their preparation."""

    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)

    class Meta:
        model = MemberSettings
        fields = ["reminders", "hide_preparation"]
        labels = {
            "reminders": gettext_lazy("E-mail me a reminder 24 hours before a session"),
            "hide_preparation": gettext_lazy("Hide my preparation from the organisers (it still counts in the totals)"),
        }

    field_order = ["email", "reminders", "hide_preparation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.user.email

    def save(self, commit: bool = True) -> MemberSettings:
        choices = super().save(commit=commit)
        user = choices.user
        user.email = self.cleaned_data["email"]
        if commit:
            get_user_model().objects.filter(pk=user.pk).update(email=user.email)
        return choices
