"""Settings for `make bench`: the project's own, plus the reference endpoint the export is
compared with (benchmarks/urls.py), and static files collected apart from a deployment's."""

from project.settings import *  # noqa: F403
from project.settings import BASE_DIR

ROOT_URLCONF = "benchmarks.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"
