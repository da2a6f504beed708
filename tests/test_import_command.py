"""`manage.py import_speeches`: what it prints, what it refuses, its exit status."""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from speeches.models import Speech

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parent.parent


def run_import(*paths):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_speeches", *[str(p) for p in paths], stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_default_imports_the_seeds_folder():
    out, err, error = run_import()
    assert error is None, err
    assert "created 2023-10-23-acftu-leadership-talk: 7 paragraphs" in out
    assert Speech.objects.get().paragraphs.count() == 7


def test_second_run_reports_unchanged(seed_path):
    run_import(seed_path)
    out, _, error = run_import(seed_path)
    assert error is None
    assert "unchanged 2023-10-23-acftu-leadership-talk: 7 paragraphs" in out


def test_a_changed_file_reports_what_changed(tmp_path, seed_path):
    run_import(seed_path)
    changed = tmp_path / seed_path.name
    changed.write_text(seed_path.read_text("utf-8").replace("我再强调几点", "我再强调以下几点"), "utf-8")
    out, _, error = run_import(changed)
    assert error is None
    assert "updated 2023-10-23-acftu-leadership-talk: 7 paragraphs" in out
    assert "changed ¶2" in out


def test_bad_files_are_refused_one_line_each_and_good_files_still_import(tmp_path, seed_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / seed_path.name)
    (folder / "a-empty.txt").write_bytes(b"")
    (folder / "b-binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (folder / "c-blank.txt").write_text("\n   \n")

    out, err, error = run_import(folder)

    assert error is not None and error.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("refused ") and "a-empty.txt" in lines[0] and "empty" in lines[0]
    assert "b-binary.txt" in lines[1] and "binary" in lines[1]
    assert "c-blank.txt" in lines[2] and "blank" in lines[2]
    assert "created 2023-10-23-acftu-leadership-talk" in out
    assert list(Speech.objects.values_list("slug", flat=True)) == ["2023-10-23-acftu-leadership-talk"]


def test_a_missing_path_is_refused(tmp_path):
    _, err, error = run_import(tmp_path / "nowhere.txt")
    assert error is not None
    assert "nowhere.txt: no such file or folder" in err


def test_bad_input_prints_no_traceback_and_exits_non_zero(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\x00garbage")
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(tmp_path / "data")}
    completed = subprocess.run(
        [sys.executable, "manage.py", "import_speeches", str(bad)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert f"refused {bad}: the file is binary" in completed.stderr


def test_folders_are_read_with_their_subfolders_and_folder_documents_are_skipped(tmp_path, seed_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(seed_path, tmp_path / "a" / "b" / seed_path.name)
    (tmp_path / "README.md").write_text("# Speeches\n\nWhere these came from.\n", "utf-8")

    out, err, error = run_import(tmp_path)

    assert error is None, err
    assert f"skipped {tmp_path / 'README.md'}: a folder document, not a speech" in out
    assert list(Speech.objects.values_list("slug", flat=True)) == ["2023-10-23-acftu-leadership-talk"]


def test_what_was_dropped_and_the_headings_are_reported(tmp_path):
    page = tmp_path / "2026-beijing.txt"
    page.write_text(
        "下载\n打印\n2026年北京市政府工作报告\n——2026年1月25日在北京市第十六届人民代表大会第四次会议上\n"
        "北京市市长 殷勇\n各位代表：\n一、2025年工作回顾\n过去一年极不平凡。\n相关报道：\n某条新闻\n",
        "utf-8",
    )
    out, err, error = run_import(page)
    assert error is None, err
    assert "created 2026-beijing: 2 paragraphs, 1 heading" in out
    assert "dropped 7 header/debris line(s): 下载 · 打印 · 2026年北京市政府工作报告 ·" in out
    assert "相关报道： · 某条新闻" in out


def test_a_symbolic_link_in_a_folder_is_refused_and_nothing_of_it_is_written(tmp_path, seed_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / seed_path.name)
    (folder / "x.txt").symlink_to("/etc/hostname")
    (folder / "dangling.md").symlink_to(tmp_path / "nowhere.md")

    out, err, error = run_import(folder)

    assert error is not None and error.returncode == 1
    assert err.strip().splitlines() == [
        f"refused {folder / 'dangling.md'}: the file is a symbolic link; import the file it points to instead",
        f"refused {folder / 'x.txt'}: the file is a symbolic link; import the file it points to instead",
    ]
    assert list(Speech.objects.values_list("slug", flat=True)) == ["2023-10-23-acftu-leadership-talk"]


def test_an_explicit_symbolic_link_or_other_suffix_is_refused(tmp_path, seed_path):
    link = tmp_path / "seed.txt"
    link.symlink_to(seed_path)
    other = tmp_path / "seed.html"
    shutil.copy(seed_path, other)

    _, err, error = run_import(link, other)

    assert error is not None and error.returncode == 1
    assert f"refused {link}: the file is a symbolic link" in err
    assert f"refused {other}: not a speech file: the name must end in .txt, .md, .pdf, .docx" in err
    assert not Speech.objects.exists()


def test_a_second_file_name_with_the_same_slug_is_refused_naming_both(tmp_path, seed_path):
    shutil.copy(seed_path, tmp_path / "My-Speech.txt")
    (tmp_path / "my speech.txt").write_text("另一篇讲话。\n", "utf-8")

    out, err, error = run_import(tmp_path / "My-Speech.txt", tmp_path / "my speech.txt")

    assert error is not None and error.returncode == 1
    assert "created my-speech: 7 paragraphs" in out
    assert err.strip() == (
        f"refused {tmp_path / 'my speech.txt'}: its URL slug 'my-speech' belongs to the speech imported from "
        "'My-Speech.txt'; rename 'my speech.txt' so that the two files give different slugs"
    )
    assert Speech.objects.get().paragraphs.count() == 7
