from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from parwona.users.demo import DEMO_DOMAIN, demo_totp_code


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo staff account."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if settings.SETTINGS_MODULE.endswith(".production") or not email.endswith("@" + DEMO_DOMAIN):
            raise CommandError("demo_totp works only for demo accounts outside production.")
        self.stdout.write(demo_totp_code(email=email))
