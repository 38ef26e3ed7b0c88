from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from parwona.core.demo import demo_seed


class Command(BaseCommand):
    help = "Load the demo programme (deterministic for a seed, idempotent, never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025, help="Seed of the random demo data.")
        parser.add_argument("--scale", type=int, default=1, help="Multiply the amount of demo data.")

    def handle(self, *args, seed: int, scale: int, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("seed_demo refuses to run with production settings.")
        # The printed logins are for the person at the terminal: in English, like the README.
        with transaction.atomic(), translation.override("en"):
            lines = demo_seed(seed=seed, scale=scale)
        self.stdout.write(self.style.SUCCESS("Demo programme loaded."))
        for line in lines:
            self.stdout.write(line)
