"""Note search in SQL: each note's folded text, filled for existing notes, and a trigram index on PostgreSQL.

The index is not declared on the model (SQLite has no GIN, and rebuilds a table with every index its model
declares), so it is made here with SQL, on PostgreSQL only.
"""

from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TRIGRAM_INDEX = "note_folded_trgm_idx"


def fold_existing_notes(apps, schema_editor):
    from annotations.models import fold_note

    Note = apps.get_model("annotations", "Note")
    batch = []
    for note in Note.objects.only("pk", "body", "exact").iterator(chunk_size=2000):
        note.folded = fold_note(note.body, note.exact)
        batch.append(note)
        if len(batch) == 2000:
            Note.objects.bulk_update(batch, ["folded"])
            batch = []
    Note.objects.bulk_update(batch, ["folded"])


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON annotations_note USING gin (folded gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("annotations", "0005_notes_know_their_speech"),
        ("speeches", "0007_speech_revision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),  # CREATE EXTENSION pg_trgm on PostgreSQL; nothing elsewhere
        migrations.AddField(
            model_name="note",
            name="folded",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fold_existing_notes, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
