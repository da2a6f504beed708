"""Write a bench's figures into README.md between its markers (imported by the benches)."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def write_section(markers: tuple[str, str], body: str) -> bool:
    """Replace what stands between the markers with `body`; False (nothing written) without the markers."""
    start, end = markers
    text = README.read_text(encoding="utf-8")
    if start not in text or end not in text:
        return False
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    README.write_text(f"{before}{start}\n{body}\n{end}{after}", encoding="utf-8")
    return True
