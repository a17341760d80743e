from workgroups.schools.management.commands._importing import ImportCommand
from workgroups.schools.services import BUNDLED_LINKS, school_links_import


class Command(ImportCommand):
    help = "Import GIAS predecessor/successor links (the bundled file by default). Idempotent."
    importer = staticmethod(school_links_import)
    default_path = BUNDLED_LINKS
