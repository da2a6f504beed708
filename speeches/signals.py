"""What speeches tells the apps built on it, without knowing them."""

from django.dispatch import Signal

# Sent while a new version of a speech is planned, before anything is written (importing/versions.py), with
# plan (a VersionPlan: what happens to each paragraph record). Receivers (annotations) decide what follows for
# what they keep on paragraphs, reading only, and return an object with `counts` (a Counter of unchanged,
# moved, fuzzy, orphaned), `moves` (NoteMove, for the editor to see) and `apply(paragraph_ids)`, which the
# change's transaction calls once the new paragraphs are stored (their number → id).
plan_notes = Signal()

# Sent by speeches/actions.py after a change to the library (a speech published, its text replaced or
# corrected, its details changed, archived, restored or deleted), once per action or once for a batch of
# them (the import command). Argument: slugs, the speeches changed. Receivers (passages) must only enqueue
# their background work, which reads the library as it is when it runs: nothing slow runs in the request.
library_changed = Signal()
