"""Settings for `make bench`: the project's own, plus the reference endpoint the export is
compared with (benchmarks/urls.py), and static files collected apart from a deployment's."""

from project.settings import *  # noqa: F403
from project.settings import BASE_DIR

ROOT_URLCONF = "benchmarks.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"

# The benchmark measures the app, not its rate limits: one client asks for the export hundreds
# of times a minute (the JSON-LD pages, the DRF reference's pages).
THROTTLE_RATES: dict[str, str] = {}
