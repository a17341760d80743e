from __future__ import annotations

from django.db import models
from django.db.models import Q

from workgroups.core.models import TimeStampedModel
from workgroups.schools import facts


class School(models.Model):
    """One establishment from the national register, keyed by URN. Imported, never typed in.

    The raw register fields are kept; the derived booleans are written by the importer from
    ``schools.facts.derive`` so that search and filters can use them in SQL.
    """

    urn = models.PositiveIntegerField("URN", primary_key=True)
    name = models.CharField(max_length=200)
    # Searched inside (LIKE %word%) through the trigram index of migration 0003, not a B-tree.
    search_name = models.CharField(max_length=250)
    la_code = models.PositiveSmallIntegerField("LA code", null=True, blank=True, db_index=True)
    la_name = models.CharField("local authority", max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=50, blank=True)
    type_name = models.CharField("type", max_length=100, blank=True)
    status = models.CharField(max_length=50)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    town = models.CharField(max_length=100, blank=True)
    # The village or district within the post town (GIAS "Locality"), when the file has it.
    locality = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    search_postcode = models.CharField(max_length=10, blank=True, db_index=True)
    secondary_pupils = models.PositiveIntegerField(null=True, blank=True)
    pupil_premium_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True,
                                            blank=True)
    high_pupil_premium = models.BooleanField(null=True, blank=True)
    sparse = models.BooleanField(null=True, blank=True)
    successor_urn = models.PositiveIntegerField(null=True, blank=True)
    # Derived by schools.facts.derive at import.
    is_open = models.BooleanField(default=False)
    in_england = models.BooleanField(default=True)
    state_funded = models.BooleanField(default=False)
    secondary = models.BooleanField(default=False)
    special = models.BooleanField(default=False)
    post16 = models.BooleanField(default=False)
    alternative_provision = models.BooleanField(default=False)
    # Not a column: school search fills it for the closed schools it shows.
    successor_name = ""

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def open_label(self) -> str:
        return "Open" if self.is_open else "Closed"

    def derived_facts(self) -> facts.DerivedFacts:
        return facts.DerivedFacts(
            is_open=self.is_open, in_england=self.in_england, state_funded=self.state_funded,
            secondary=self.secondary, special=self.special, post16=self.post16,
            alternative_provision=self.alternative_provision)


class SchoolLink(models.Model):
    """A predecessor/successor link from GIAS (academy conversion, merger, split)."""

    urn = models.PositiveIntegerField(db_index=True)
    link_urn = models.PositiveIntegerField(db_index=True)
    link_type = models.CharField(max_length=60)
    established_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["urn", "link_urn", "link_type"],
                                    name="school_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.urn} → {self.link_urn} ({self.link_type})"

    @property
    def is_successor(self) -> bool:
        return self.link_type.startswith("Successor")


class ImportKind(models.TextChoices):
    SCHOOLS_GIAS = "schools_gias", "School register (GIAS download)"
    SCHOOLS_BUNDLED = "schools_bundled", "School register (bundled file)"
    SCHOOL_LINKS = "school_links", "School links (GIAS)"
    PARTICIPATION = "participation", "Participation history"


class ImportRun(TimeStampedModel):
    """One run of an importer: what it read and what it did. Audited as a whole."""

    kind = models.CharField(max_length=30, choices=ImportKind.choices)
    source = models.CharField(max_length=300)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.source}"


class Outcome(models.TextChoices):
    COMPLETED = "completed", "Completed"
    INCOMPLETE = "incomplete", "Incomplete"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ParticipationRecord(TimeStampedModel):
    """A school and/or a person (by email) took part in a programme in an academic year.

    Filled later by enrolments; for now imported from hubs' spreadsheets. ``school_urn`` is the
    URN as recorded at the time: history follows successor links when it is read.
    """

    academic_year = models.ForeignKey("catalogue.AcademicYear", on_delete=models.PROTECT,
                                      related_name="participation")
    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="participation")
    programme = models.ForeignKey("catalogue.Programme", on_delete=models.PROTECT,
                                  related_name="participation")
    school_urn = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    email = models.EmailField(blank=True, db_index=True)
    name = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(school_urn__isnull=True, email=""),
                                   name="participation_names_a_school_or_a_person"),
            models.UniqueConstraint(fields=["academic_year", "hub", "programme", "school_urn",
                                            "email"], name="participation_unique"),
        ]

    def __str__(self) -> str:
        who = self.email or f"URN {self.school_urn}"
        return f"{who}: {self.programme} {self.academic_year} ({self.outcome})"
