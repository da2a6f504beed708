"""The one error of the import pipeline."""

from __future__ import annotations


class ImportRefused(Exception):
    """A file that cannot be imported; the message says why, in one line.

    As Django's ValidationError: a message (translatable, `gettext_lazy`) with `%(name)s` placeholders, and the
    values apart in `params`, so that the message is translated first and the values filled in after, in the
    language active where it is shown (English for the command, the reader's in the browser).
    """

    def __init__(self, message, code: str | None = None, params: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params or {}

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)
