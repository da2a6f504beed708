"""Run by tests/test_faults.py in a process of its own, with DATA_DIR on a small tmpfs: set up the site (the seed
speech, its index, bob with a group), fill the disk, then read, search, write and ask /healthz as a visitor and a
member would, through Django's test client. The test client keeps its connection between requests; a server
closes it at the end of each request unless CONN_MAX_AGE keeps it (close_old_connections on request_finished), and
so does `get` and `post` here. Prints what happened as JSON."""

import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.test import Client  # noqa: E402

from annotations.groups import create_group  # noqa: E402
from speeches import search  # noqa: E402
from speeches.actions import import_file  # noqa: E402

data_dir = Path(os.environ["DATA_DIR"])
call_command("migrate", verbosity=0)
import_file(Path(__file__).resolve().parent.parent / "seeds" / "2023-10-23-acftu-leadership-talk.txt")
search.rebuild_index(processes=1)
bob = User.objects.create_user("bob", password="x")
create_group(bob, "读书会")
client = Client(raise_request_exception=False)
client.force_login(bob)


def get(*args, **kwargs):
    response = client.get(*args, **kwargs)
    close_old_connections()  # what a server does at the end of a request
    return response


def post(*args, **kwargs):
    response = client.post(*args, **kwargs)
    close_old_connections()
    return response


close_old_connections()
speech = "/speeches/2023-10-23-acftu-leadership-talk/"
warm = get(speech).status_code  # a first request, as a running site has had

if os.environ.get("FULL_DISK") == "rlimit":
    # No tmpfs to fill (mounting needs root): no file of this process may grow any more, which is what a full disk
    # does to SQLite's -wal and -shm files and to the database (writes fail with EFBIG instead of ENOSPC).
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
else:
    with open(data_dir / "filler", "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    os.sync()

results = {"warm": warm, "reads": [], "searches": []}
for _ in range(5):
    results["reads"].append(get(speech).status_code)
    results["searches"].append(get("/search/", {"q": "工会"}).status_code)
note = post(speech + "p3/notes/", {"body": "满盘的时候写的笔记", "submission": "full-disk-1"})
results["note"] = {
    "status": note.status_code,
    "retry_after": note.get("Retry-After"),
    "kept": "满盘的时候写的笔记" in note.content.decode(),
}
health = get("/healthz")
results["healthz"] = {"status": health.status_code, "body": health.json()}
results["readyz"] = get("/readyz").status_code
print(json.dumps(results))
