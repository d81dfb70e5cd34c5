"""project/cache.py: the shared cache in PostgreSQL, and `serialized`, which lets one process at
a time read and rewrite a key."""

import threading
import time
import uuid

import pytest
from django.core.cache import cache
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_key_held_by_serialized_waits_for_its_holder_to_finish():
    key = f"held-{uuid.uuid4()}"
    held, finished = threading.Event(), []

    def holder():
        try:
            with cache.serialized(key):
                held.set()
                time.sleep(0.3)
                finished.append("holder")
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    with cache.serialized(key):
        finished.append("waiter")
    thread.join()

    assert finished == ["holder", "waiter"]


def test_other_keys_are_not_held():
    key, other = f"held-{uuid.uuid4()}", f"other-{uuid.uuid4()}"
    held, release, entered = threading.Event(), threading.Event(), []

    def holder():
        try:
            with cache.serialized(key):
                held.set()
                release.wait(5)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    with cache.serialized(other):
        entered.append(other)
    release.set()
    thread.join()

    assert entered == [other]


def test_what_is_written_inside_serialized_is_kept():
    key = f"kept-{uuid.uuid4()}"
    with cache.serialized(key):
        cache.set(key, [1, 2], 60)
    assert cache.get(key) == [1, 2]
