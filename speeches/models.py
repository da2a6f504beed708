import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# An enumerated lead sentence, as printed editions set in bold: "第一，坚持党对工会的全面领导。", and the
# run-in heads of reports' sub-sections, "（一）着力推动“四稳”政策落地。……", "一是经济增长好于预期。……"
# (a short first sentence: a long one is the paragraph's text, not a head).
LEAD_SENTENCE = re.compile(
    r"^(第[一二三四五六七八九十]+[，,、][^。！？]*[。！？]"
    r"|(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+是)[^。！？]{1,60}[。！？])"
)


class Collection(models.Model):
    """A 专题 of the library (工会工作, 二十大精神): editors manage them; a speech can be in several."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(max_length=80, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="collection_unique_name"),
            models.UniqueConstraint(fields=["slug"], name="collection_unique_slug"),
        ]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('reading:speech_list')}?collection={self.slug}"


def reading_order(through: str = "") -> tuple:
    """The library's reading order: newest first, undated last, then by title. `through` orders what belongs
    to a speech by its speech ("speech", "paragraph__speech").

    Said once, for every database: PostgreSQL sorts NULL first in a descending order and SQLite last.
    """
    prefix = f"{through}__" if through else ""
    return (models.F(f"{prefix}date").desc(nulls_last=True), f"{prefix}title", f"{prefix}pk")


class SpeechQuerySet(models.QuerySet):
    def in_library(self) -> "SpeechQuerySet":
        """Speeches readers find: not archived (withdrawn)."""
        return self.filter(archived_at__isnull=True)

    def counted(self) -> "SpeechQuerySet":
        """Speeches that count across the library (search, phrase pages, similar passages, first uses): in the
        library, and not a deliberate second copy of a speech that is in it too (so a text counts once)."""
        return self.in_library().exclude(duplicate_of__isnull=False, duplicate_of__archived_at__isnull=True)

    def in_reading_order(self) -> "SpeechQuerySet":
        """Newest first, undated last, on SQLite and PostgreSQL alike (`reading_order`)."""
        return self.order_by(*reading_order())


class Speech(models.Model):
    """One speech, imported from a file by `import_speeches` or added by an editor in the browser.

    Its slug is the file stem (Chinese kept) or what the editor chose. An archived speech has left
    the library and search; its page and its notes stay.
    """

    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    title = models.CharField(max_length=300)
    speaker = models.CharField(max_length=100, blank=True)
    date = models.DateField(null=True, blank=True)
    source_note = models.TextField(blank=True)
    appendix = models.TextField(
        blank=True, help_text=_("Glossary or notes printed after the speech (名词解释, 注释), one entry a line.")
    )
    source_file = models.CharField(max_length=300, help_text=_("File name the speech was imported from."))
    checksum = models.CharField(max_length=64, help_text=_("SHA-256 of the imported file's bytes."))
    imported_at = models.DateTimeField()
    archived_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When an editor withdrew the speech from the library and search.")
    )
    collections = models.ManyToManyField(Collection, blank=True, related_name="speeches")
    revision = models.PositiveBigIntegerField(
        default=0, editable=False, help_text=_("The library's revision at this speech's last change.")
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text=_("A deliberate second copy of this speech: it is listed, but counts once across the library."),
    )

    objects = SpeechQuerySet.as_manager()

    class Meta:
        ordering = reading_order()
        indexes = [models.Index(fields=["archived_at", "-date", "title"], name="speech_library_order_idx")]
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reading:speech_detail", args=[self.slug])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Heading(models.Model):
    """A section heading of a speech (一、…, （一）…): shown and outlined, not numbered as a paragraph.

    `before` is the number of the paragraph it stands above; headings carry no
    notes, so an import replaces them whole.
    """

    speech = models.ForeignKey(Speech, on_delete=models.CASCADE, related_name="headings")
    sequence = models.PositiveIntegerField(help_text=_("Order of the heading in the speech, from 1."))
    level = models.PositiveSmallIntegerField(help_text=_("1 for 一、…, 2 for （一）…"))
    text = models.CharField(max_length=200)
    before = models.PositiveIntegerField(help_text=_("Number of the paragraph the heading stands above."))

    class Meta:
        ordering = ["speech", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["speech", "sequence"], name="heading_unique_sequence_per_speech"),
            models.CheckConstraint(condition=models.Q(level__in=[1, 2]), name="heading_level_one_or_two"),
        ]
        verbose_name = _("heading")
        verbose_name_plural = _("headings")

    def __str__(self) -> str:
        return f"{self.speech.slug} §{self.sequence} {self.text}"

    def get_absolute_url(self) -> str:
        return f"{self.speech.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"s{self.sequence}"


class ParagraphQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Paragraphs are stored with their fingerprint, whoever creates them (see Paragraph.save)."""
        from .importing.duplicates import paragraph_fingerprint

        objs = list(objs)
        for paragraph in objs:
            if not paragraph.fingerprint:
                paragraph.fingerprint = paragraph_fingerprint(paragraph.text)
        return super().bulk_create(objs, *args, **kwargs)


class Paragraph(models.Model):
    """A paragraph of a speech's body, numbered from 1 in reading order.

    Its primary key survives re-imports that leave its text unchanged, so that
    notes attached to it survive too.
    """

    speech = models.ForeignKey(Speech, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField()
    text = models.TextField()
    fingerprint = models.CharField(
        max_length=16,
        blank=True,
        db_index=True,
        help_text=_("The text's letters and digits, folded, hashed: the same paragraph up to punctuation and spaces."),
    )

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["speech", "number"]
        constraints = [
            models.UniqueConstraint(fields=["speech", "number"], name="paragraph_unique_number_per_speech"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="paragraph_number_from_one"),
        ]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")

    def __str__(self) -> str:
        return f"{self.speech.slug} ¶{self.number}"

    def save(self, *args, **kwargs):
        """The fingerprint follows the text (speeches/importing/duplicates.py: one copy of each speech)."""
        from .importing.duplicates import paragraph_fingerprint

        self.fingerprint = paragraph_fingerprint(self.text)
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "fingerprint"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.speech.get_absolute_url()}#p{self.number}"

    @property
    def anchor(self) -> str:
        return f"p{self.number}"

    @property
    def lead_sentence(self) -> str:
        """The enumerated lead sentence this paragraph opens with, or ""."""
        match = LEAD_SENTENCE.match(self.text)
        return match.group(1) if match else ""

    @property
    def rest_after_lead(self) -> str:
        return self.text[len(self.lead_sentence) :]


class LibraryRevision(models.Model):
    """One row: a number that every change to the library raises (speeches/revision.py).

    Whatever is computed from the whole library (the phrase library in each process, concordances, first
    uses and parallels, a comparison) is kept for a revision and recomputed when the number moves. Every
    action in speeches/actions.py raises it in the transaction of its change, so all hosts see it at once.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="library_revision_single_row")]
        verbose_name = _("library revision")
        verbose_name_plural = _("library revisions")

    def __str__(self) -> str:
        return str(self.number)
