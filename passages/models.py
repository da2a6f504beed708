"""What the library says across speeches, computed when speeches are imported (see `compute`)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from speeches.models import Paragraph, Speech


class Parallel(models.Model):
    """`paragraph` shares at least one passage of 12 or more characters with `other`, of another speech.

    Stored both ways round, so that a paragraph's parallels are one indexed lookup. `spans` mark the
    shared passages in `paragraph.text`, `other_spans` in `other.text` ([start, end) offsets);
    `shared` counts the characters of `paragraph` in them, punctuation not counted.
    """

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="parallels")
    other = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    shared = models.PositiveIntegerField()
    spans = models.JSONField(default=list)
    other_spans = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "other"], name="parallel_unique_pair"),
            models.CheckConstraint(condition=~models.Q(paragraph=models.F("other")), name="parallel_not_itself"),
        ]
        verbose_name = _("parallel passage")
        verbose_name_plural = _("parallel passages")

    def __str__(self) -> str:
        return f"{self.paragraph} ≈ {self.other}"

    def get_absolute_url(self) -> str:
        return reverse("passages:paragraph_parallels", args=[self.paragraph.speech.slug, self.paragraph.number])


class FirstUse(models.Model):
    """A formulation of a speech that no earlier-dated speech in the library uses: new in this speech."""

    speech = models.ForeignKey(Speech, on_delete=models.CASCADE, related_name="first_uses")
    phrase = models.CharField(max_length=10)
    occurrences = models.PositiveIntegerField(help_text=_("Times the phrase occurs in the speech."))
    taken_up = models.PositiveIntegerField(default=0, help_text=_("Later speeches that say it too."))

    class Meta:
        ordering = ["speech", "-taken_up", "-occurrences", "phrase"]
        constraints = [models.UniqueConstraint(fields=["speech", "phrase"], name="first_use_unique_phrase")]
        verbose_name = _("first use")
        verbose_name_plural = _("first uses")

    def __str__(self) -> str:
        return f"{self.speech.slug}: {self.phrase}"

    def get_absolute_url(self) -> str:
        return self.speech.get_absolute_url()


class SpeechPhrases(models.Model):
    """A speech's formulations (runs of words of 4–10 characters, passages/firsts.py) with their counts.

    Cutting a speech into words takes jieba a while; kept here so that a later import only cuts the
    speeches it changed. `checksum` is taken from the speech's checksum, the user dictionary and the rule's
    version when they were taken (compute.candidates_key): a change to any cuts the speech again.
    """

    speech = models.OneToOneField(Speech, on_delete=models.CASCADE, related_name="phrase_candidates")
    checksum = models.CharField(max_length=64)
    phrases = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("phrases of a speech")
        verbose_name_plural = _("phrases of speeches")

    def __str__(self) -> str:
        return f"{self.speech.slug}: {len(self.phrases)} phrases"

    def get_absolute_url(self) -> str:
        return self.speech.get_absolute_url()


class PassagesState(models.Model):
    """One row: the library revision the stored parallels and first uses reflect, and the task computing them.

    The pages compare `revision` with the library's (speeches/revision.py) to say "相似论述正在更新" while a
    change waits for the worker. `claimed_at` keeps two workers (two hosts) from computing at once; a claim
    older than the task's lease is a worker that died, and is taken over.
    """

    revision = models.PositiveBigIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="passages_state_single_row")]
        verbose_name = _("state of the passages")
        verbose_name_plural = _("state of the passages")

    def __str__(self) -> str:
        return str(self.revision)
