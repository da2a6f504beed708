from django.db import migrations, models
import django.db.models.deletion


def fill_speech_and_number(apps, schema_editor):
    """Every note so far stands on a paragraph: take its speech and number from there."""
    Note = apps.get_model("annotations", "Note")
    Paragraph = apps.get_model("speeches", "Paragraph")
    places = dict(
        (pk, (speech_id, number)) for pk, speech_id, number in Paragraph.objects.values_list("pk", "speech_id", "number")
    )
    notes = list(Note.objects.only("pk", "paragraph_id"))
    for note in notes:
        note.speech_id, note.paragraph_number = places[note.paragraph_id]
    Note.objects.bulk_update(notes, ["speech", "paragraph_number"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0004_quote_anchors"),
        ("speeches", "0003_headings_and_appendix"),
    ]

    operations = [
        migrations.RunPython(fill_speech_and_number, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="note",
            name="speech",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="notes", to="speeches.speech"
            ),
        ),
        migrations.AlterField(
            model_name="note",
            name="paragraph_number",
            field=models.PositiveIntegerField(help_text="The number of the paragraph when last anchored."),
        ),
    ]
