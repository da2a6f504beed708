"""The one error of the import pipeline."""


class ImportRefused(Exception):
    """A file that cannot be imported; the message says why, in one line."""
