"""What speeches tells the apps built on it, without knowing them."""

from django.dispatch import Signal

# Sent inside an import's transaction, after a speech's paragraphs changed (some edited, added or
# removed). Receivers (annotations) find their notes' words again and return a mapping of counts
# (unchanged, moved, fuzzy, orphaned) for the import to report. Argument: speech.
paragraphs_changed = Signal()

# Sent after an import has committed, once per file or, from `import_speeches`, once for all its files.
# Receivers (passages) bring what they compute over the library up to date. Argument: slugs, the speeches
# created or updated. Sent robustly: a receiver that fails does not undo the import (see
# importing.announce_imported).
speeches_imported = Signal()
