from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction

from annotations.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_data


class Command(BaseCommand):
    help = "Load the demo data: a user for each role and articles written for this project."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has users (what `make run` uses).",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded.")
            return
        with transaction.atomic():
            summary = load_demo_data()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
        if if_empty:
            return  # `make run` prints the logins in its own banner
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}' for all):")
        for demo_user in DEMO_USERS:
            roles = ", ".join(demo_user.roles) or "no role (read only)"
            self.stdout.write(f"  {demo_user.username:<8} {roles}")
