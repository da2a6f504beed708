"""CSV exports that spreadsheets open as they are meant: the Chinese readable, no cell run as a formula."""

import csv
import io
from collections.abc import Iterable

# Spreadsheets run a cell that starts with = + - @ as a formula, and Excel and WPS take the full-width
# forms too (＝1+1); a tab or carriage return can hide such a start. A leading apostrophe keeps them text.
FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """The rows under the header, every text cell made safe; UTF-8 with a BOM, so that Excel and WPS read Chinese."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue()
