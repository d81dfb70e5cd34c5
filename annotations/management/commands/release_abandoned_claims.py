from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from annotations.services.review import claims_release_abandoned, review_timeout


class Command(BaseCommand):
    help = (
        "Return claims left in review longer than REVIEW_CLAIM_TIMEOUT_MINUTES to the queue "
        "(run it from cron, e.g. every five minutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            help="Release claims held longer than this many minutes instead of the setting.",
        )

    def handle(self, *args, minutes: int | None = None, **options):
        if minutes is not None and minutes < 1:
            raise CommandError("--minutes must be at least 1.")
        older_than = timedelta(minutes=minutes) if minutes is not None else review_timeout()
        released = claims_release_abandoned(older_than=older_than)
        self.stdout.write(
            f"Returned {released} claim{'s' if released != 1 else ''} to the review queue "
            f"(held longer than {int(older_than.total_seconds() // 60)} minutes)."
        )
