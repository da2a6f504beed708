"""What speeches tells the apps built on it, without knowing them."""

from django.dispatch import Signal

# Sent inside a change's transaction, after a speech's paragraphs changed (some edited, added or
# removed). Receivers (annotations) find their notes' words again and return a mapping of counts
# (unchanged, moved, fuzzy, orphaned) for the change to report. Argument: speech.
paragraphs_changed = Signal()

# Sent by speeches/actions.py after a change to the library (a speech published, its text replaced or
# corrected, its details changed, archived, restored or deleted), once per action or once for a batch of
# them (the import command). Argument: slugs, the speeches changed. Receivers (passages) must only enqueue
# their background work, which reads the library as it is when it runs: nothing slow runs in the request.
library_changed = Signal()
