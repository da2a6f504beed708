"""Note search in SQL: each note's folded text, filled for existing notes, and a trigram index on PostgreSQL."""

import django.contrib.postgres.indexes
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """The index in the model's state everywhere, in the database only on PostgreSQL (SQLite has no GIN)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


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
        AddIndexOnPostgreSQL(
            model_name="note",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass("folded", name="gin_trgm_ops"), name="note_folded_trgm_idx"
            ),
        ),
    ]
