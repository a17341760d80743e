from workgroups.schools.management.commands._importing import ImportCommand
from workgroups.schools.services import participation_import


class Command(ImportCommand):
    help = ("Import participation history from a CSV with columns "
            "academic_year,hub,programme,urn,email,name,outcome. Idempotent.")
    importer = staticmethod(participation_import)
