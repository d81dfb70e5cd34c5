"""gunicorn settings for Corroborate. gunicorn reads ./gunicorn.conf.py from the directory it is
started in, so `gunicorn project.wsgi …` run from the repository root (as in the README's
"Deploying" section and `make bench`) uses it; command-line options still come on top.
"""

import ctypes
import gc

# glibc's mallopt() parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 32 * 2**20
TRIM_THRESHOLD_BYTES = 64 * 2**20


def post_worker_init(worker) -> None:
    """Move everything the worker holds once the app is loaded (Django, the URL patterns, the
    models, the templates) out of the garbage collector's sight, and keep the memory a request
    frees for the next one (`keep_freed_memory`).

    Those objects live as long as the worker, yet every full collection walked them all again:
    on the article page with a thousand claims that cost ~14 ms a request on average, against
    ~4 ms with them frozen (issue 8). Objects made while serving requests are collected as
    before, and nothing frozen is ever freed, which for import-time state is no loss.
    """
    gc.freeze()
    keep_freed_memory()


def keep_freed_memory() -> bool:
    """Have glibc's malloc keep up to 64 MB of freed memory in the process, and take blocks of up
    to 32 MB from it, rather than handing them back to the system as they are freed.

    A page of a megabyte is a string of two megabytes (a character beyond Latin-1 makes every
    character two bytes), copied at each level of its template and once more to encode it.
    glibc maps blocks that large afresh and unmaps them when freed, and returns the top of its
    heap past a few megabytes: the article page with a thousand claims touched 3,600 new memory
    pages a request (the one-claim page 190), each a page fault, about 5 ms of the worker's CPU
    (issue 18). Kept, the heavy page faults no more than the light one. The worker's memory stays
    at what its largest request needed. Elsewhere than on glibc this does nothing (False)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own symbols, the C library's among them
    except (OSError, AttributeError):
        return False
    return bool(
        mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    )
