from workgroups.schools.management.commands._importing import ImportCommand
from workgroups.schools.services import BUNDLED_REGISTER, schools_import


class Command(ImportCommand):
    help = ("Import the school register from a GIAS download (Windows-1252 or UTF-8) or the "
            "bundled england_schools_2024.csv (the default). Idempotent.")
    importer = staticmethod(schools_import)
    default_path = BUNDLED_REGISTER
