"""What speeches tells the apps built on it, without knowing them."""

from django.dispatch import Signal

# Sent inside an import's transaction, after a speech's paragraphs changed (some edited, added or
# removed). Receivers (annotations) find their notes' words again and return a mapping of counts
# (unchanged, moved, fuzzy, orphaned) for the import to report. Argument: speech.
paragraphs_changed = Signal()
