"""Load the national programmes from the reference data file (idempotent; production and demo).

    manage.py load_programmes              # the bundled catalogue/data/programmes.json
    manage.py load_programmes --file PATH  # another file of the same shape
    manage.py load_programmes --overwrite  # also replace programmes national staff edited
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workgroups.catalogue.reference import REFERENCE_FILE, ReferenceFileError, read_document
from workgroups.progression.reference import (
    STATUS_WORDS,
    ReferenceDataInvalid,
    programmes_load,
)


class Command(BaseCommand):
    help = ("Create or update the national programmes (rules, completion, routes, supports) "
            "from the reference data file. Programmes national staff have edited since the "
            "last load are reported, not overwritten, unless --overwrite is given.")
    requires_system_checks: list[str] = []  # loads bundled data: checks run at deploy

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(REFERENCE_FILE),
                            help="The reference data file (default: the bundled one).")
        parser.add_argument("--overwrite", action="store_true",
                            help="Replace programmes edited by national staff with the file's "
                                 "entries too.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = read_document(options["file"])
            report = programmes_load(document=document, overwrite=options["overwrite"])
        except ReferenceFileError as error:
            raise CommandError(str(error)) from None
        except ReferenceDataInvalid as invalid:
            raise CommandError("The file was not loaded; nothing changed. Put these right "
                               "first:\n  " + "\n  ".join(invalid.problems)) from None
        for result in report.results:
            line = f"{result.title} ({result.slug}): {STATUS_WORDS[result.status]}"
            if result.differences:
                line += f" (the file differs in {', '.join(result.differences)})"
            self.stdout.write(line)
        self.stdout.write(
            f"Reference data version {report.version}: {report.count('created')} created, "
            f"{report.count('updated')} updated, {report.count('unchanged')} unchanged, "
            f"{report.count('kept')} not overwritten, {report.count('never_loaded')} not "
            "loaded from the file before and kept.")
        if report.count("kept") or report.count("never_loaded"):
            self.stdout.write("Run again with --overwrite to replace them with the file's "
                              "entries.")
