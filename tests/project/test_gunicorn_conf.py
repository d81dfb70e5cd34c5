import gc
import platform
import runpy
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_worker_freezes_the_loaded_app_out_of_the_garbage_collector():
    post_worker_init = runpy.run_path(str(CONFIG))["post_worker_init"]
    gc.unfreeze()
    try:
        post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_worker_keeps_the_memory_a_request_frees_on_glibc():
    config = runpy.run_path(str(CONFIG))
    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt is glibc's")
    assert config["keep_freed_memory"]() is True
