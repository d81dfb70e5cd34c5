"""`manage.py export_claims --format FORMAT --output FILE [--since ISO]`: offline dumps.

Streams like the API's NDJSON and CSV (constant memory, bounded queries) whatever the format:
jsonld writes one AnnotationCollection, claimreview a JSON array of ClaimReviews, json an object
`{"results": [...], "withdrawn": [...]}`. The file appears only once it is complete.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from tqdm import tqdm

from annotations.api.export_parameters import ExportParameters
from annotations.presenters.base import Site
from annotations.presenters.formats import FORMATS, ExportFormat, StreamContext
from annotations.selectors.export.feed import export_stream
from annotations.selectors.export.freshness import export_state
from annotations.selectors.export.rows import ExportClaim, ExportEvent

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
_OPTIONS = {"updated_since": "--since", "format": "--format"}  # the API's names for the options


class Command(BaseCommand):
    help = "Write the verified claims to a file in one of the export formats."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", required=True, choices=[fmt.value for fmt in ExportFormat], dest="format"
        )
        parser.add_argument("--output", required=True, help="The file to write; - for stdout.")
        parser.add_argument(
            "--since",
            help="ISO 8601 date or date-time: only what changed since then, withdrawals included.",
        )
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"Where the app is served, for the links in the export ({DEFAULT_BASE_URL}).",
        )

    def handle(self, *args, **options) -> None:
        parameters = ExportParameters(
            data={"format": options["format"], "updated_since": options["since"] or ""}
        )
        if not parameters.is_valid():
            field, messages = next(iter(parameters.errors.items()))
            raise CommandError(f"{_OPTIONS.get(field, field)}: {messages[0]}")
        filters = parameters.export_query().filters
        spec = FORMATS[ExportFormat(options["format"])]
        site = Site.at(options["base_url"])
        total = export_state(filters=filters).count
        query = {"format": spec.format.value}
        if filters.updated_since is not None:
            query["updated_since"] = filters.updated_since.isoformat()
        context = StreamContext(
            site=site,
            collection_url=site.absolute(f"{reverse('api-export-claims')}?{urlencode(query)}"),
            total=total,
        )
        to_stdout = options["output"] == "-"
        tally = {"claims": 0, "withdrawn": 0}
        try:
            with (
                _opened(options["output"]) as output,
                tqdm(
                    total=total, unit=" claims", disable=options["verbosity"] == 0, file=sys.stderr
                ) as progress,
            ):
                events = _counted(export_stream(filters=filters), progress, tally)
                for chunk in spec.stream(events, context):
                    output.write(chunk)
        except OSError as error:
            raise CommandError(f"Cannot write {options['output']}: {error.strerror}") from error
        log = self.stderr if to_stdout else self.stdout
        withdrawn = f" and {tally['withdrawn']} withdrawn" if tally["withdrawn"] else ""
        log.write(f"Wrote {tally['claims']} claims{withdrawn} as {spec.format.value}.")


def _counted(
    events: Iterator[ExportEvent], progress: tqdm, tally: dict[str, int]
) -> Iterator[ExportEvent]:
    for event in events:
        if isinstance(event, ExportClaim):
            tally["claims"] += 1
            progress.update(1)
        else:
            tally["withdrawn"] += 1
        yield event


@contextmanager
def _opened(output: str) -> Iterator[BinaryIO]:
    """The output file, written beside it and moved into place only when complete."""
    if output == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    partial = target.with_name(f"{target.name}.partial")
    try:
        with partial.open("wb") as file:
            yield file
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
