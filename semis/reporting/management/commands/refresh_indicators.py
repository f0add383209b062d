from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from semis.reporting import services


class Command(BaseCommand):
    help = "Recompute the steering indicators (current and previous school year, or the years given)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help="School year by its first calendar year (2025 for 2025-2026); may be repeated.",
        )

    def handle(self, *args, years=None, **options):
        years = years or services.refreshed_years(timezone.localdate())
        for year in years:
            if not 2000 <= year <= 2100:
                raise CommandError(f"{year} is not a school year (expected e.g. 2025 for 2025-2026).")
        for year in years:
            stored = services.indicators_refresh(school_year=year)
            self.stdout.write(f"{year}-{year + 1}: {stored} figures stored")
