"""Budgets for reading a file, so that no upload can hold a web worker for long or take its memory.

A PDF or a Word file is read by libraries (pdfminer.six, python-docx with lxml) whose loops are not ours: a
check between pages cannot stop one call that runs for a minute (lxml parsing 45 MB of XML, pdfminer
interpreting one page of 21 MB of drawing operators). So the reading runs in a child process, forked from the
worker (nothing to import again, about 10 ms), which sets its own limits first (resource.setrlimit): CPU seconds,
and address space. The CPU limit is the budget: the kernel stops the child when it has used READ_CPU_SECONDS,
however busy the machine (wall-clock time is not: on a machine shared with other work, a speech that takes
pdfminer 2 s of CPU took 8 s). The worker waits at most READ_SECONDS for an answer, for a child that gets no CPU
at all, then kills it. Either way the file is refused and the worker goes on. The cheap budgets (page count,
unpacked sizes, line counts) are checked before and during the reading inside the child too, so that the usual
over-budget file gets a refusal that names what was too much, at once.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import ImportRefused

# The longest real speech in ../shared/corpus/ (the 19th party congress report, 23 pages printed by Chromium)
# takes pdfminer 2.4 s of CPU; a file that needs more than this (4 s unless settings say otherwise) is refused,
# within 5 s on a machine not busy with other work.
READ_CPU_SECONDS = settings.IMPORT_READ_CPU_SECONDS
# The most the worker waits, whatever happens to the child (starved of CPU on a busy machine, or stuck).
READ_SECONDS = max(15.0, 3.0 * READ_CPU_SECONDS)
# Address space the child may add to what it inherited: a 300-page PDF or a Word file of 8 MB of XML needs far less.
READ_MEMORY_BYTES = 768 * 1024 * 1024

TOO_SLOW = _("the file takes too long to read (over %(seconds)s seconds); paste its text instead")
TOO_BIG = _("reading the file needs too much memory; paste its text instead")
DAMAGED = _("the file cannot be read (it is damaged)")

Result = TypeVar("Result")


def run_limited(read: Callable[..., Result], *args) -> Result:
    """`read(*args)` in a child process with CPU, memory and time limits; its ImportRefused comes back as one."""
    if "fork" not in multiprocessing.get_all_start_methods():  # not Linux or macOS: no child, no hard limits
        return read(*args)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sending, read, args), daemon=True)
    child.start()
    sending.close()
    try:
        if not receiving.poll(READ_SECONDS):
            raise ImportRefused(TOO_SLOW, code="too-slow", params={"seconds": READ_CPU_SECONDS})
        kind, value = receiving.recv()
    except EOFError:  # the child died: killed at its CPU limit (SIGXCPU), or by the kernel for memory
        raise ImportRefused(TOO_SLOW, code="too-slow", params={"seconds": READ_CPU_SECONDS}) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiving.close()
    if kind == "refused":
        message, code, params = value
        raise ImportRefused(message, code=code, params=params)
    if kind == "memory":
        raise ImportRefused(TOO_BIG, code="too-big")
    if kind == "failed":
        raise ImportRefused(DAMAGED, code="damaged")
    return value


def _child(sending, read: Callable, args: tuple) -> None:
    _limit_this_process()
    try:
        outcome = ("ok", read(*args))
    except ImportRefused as error:
        outcome = ("refused", (error.message, error.code, error.params))
    except MemoryError:
        outcome = ("memory", None)
    except Exception:  # noqa: BLE001 - a library's error on a hostile file is a refusal, never a crash
        outcome = ("failed", None)
    try:
        sending.send(outcome)
    except MemoryError:
        sending.send(("memory", None))


def _limit_this_process() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (READ_CPU_SECONDS, READ_CPU_SECONDS + 1))
    in_use = _address_space()
    if in_use:
        limit = in_use + READ_MEMORY_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int:
    """The process's address space in bytes (what RLIMIT_AS counts), or 0 where /proc cannot tell."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
