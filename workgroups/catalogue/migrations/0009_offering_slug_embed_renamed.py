"""An offering given the web address name "embed" before the word was reserved would be hidden
by the embed page (/hubs/<hub>/<year>/embed/ is matched first): it gets the first free name of
"embed-2", "embed-3", ... in its hub and year. No other offering can take "embed" now."""

from django.db import migrations


def rename_embed_slugs(apps, schema_editor):
    Offering = apps.get_model("catalogue", "Offering")
    for offering in Offering.objects.filter(slug="embed"):
        taken = set(Offering.objects.filter(
            hub_id=offering.hub_id, academic_year_id=offering.academic_year_id,
            slug__startswith="embed-").values_list("slug", flat=True))
        number = 2
        while f"embed-{number}" in taken:
            number += 1
        offering.slug = f"embed-{number}"
        offering.save(update_fields=["slug"])


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0008_interest_registration_moved"),
    ]

    # Going back leaves the new names: "embed" would be hidden again.
    operations = [migrations.RunPython(rename_embed_slugs, migrations.RunPython.noop)]
