from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse

from workgroups.core import clock
from workgroups.core.models import TimeStampedModel


class AcademicYear(models.Model):
    """An English academic year, 1 September to 31 August, known by a slug such as ``2024-25``."""

    slug = models.SlugField(max_length=7, unique=True)
    starts_on = models.DateField(unique=True)
    ends_on = models.DateField(unique=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__month=9, starts_on__day=1, ends_on__month=8,
                            ends_on__day=31, ends_on__year=F("starts_on__year") + 1),
                name="academic_year_runs_september_to_august",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The year as people write it: ``2024/25``."""
        return year_label(starts_on=self.starts_on, ends_on=self.ends_on)

    @staticmethod
    def slug_for(start_year: int) -> str:
        return f"{start_year}-{str(start_year + 1)[-2:]}"

    @staticmethod
    def bounds_for(start_year: int) -> tuple[date, date]:
        return date(start_year, 9, 1), date(start_year + 1, 8, 31)

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def year_label(*, starts_on: date, ends_on: date) -> str:
    """``AcademicYear.label`` from its dates (for display rows read without the model)."""
    return f"{starts_on.year}/{str(ends_on.year)[-2:]}"


class Audience(models.TextChoices):
    TEACHERS = "teachers", "Teachers"
    HEADS_OF_DEPARTMENT = "heads_of_department", "Heads of department"
    EARLY_CAREER_TEACHERS = "early_career_teachers", "Early career teachers"
    TEACHING_ASSISTANTS = "teaching_assistants", "Teaching assistants"
    TRUST_LEADS = "trust_leads", "Trust leads"
    ITT = "itt", "Initial teacher training"
    PD_LEADS = "pd_leads", "Professional development leads"


class Phase(models.TextChoices):
    SECONDARY = "secondary", "Secondary"
    CROSS_PHASE = "cross_phase", "Cross-phase"


class Unit(models.TextChoices):
    INDIVIDUAL = "individual", "An individual"
    SCHOOL_TEAM = "school_team", "A school team"


class SupportRole(models.TextChoices):
    """Who must back an application before the hub reviews it."""

    HEAD_OF_MATHS = "head_of_maths", "Head of maths"
    HEADTEACHER = "headteacher", "Headteacher or a senior leader"
    TRUST_LEAD = "trust_lead", "Trust maths lead"


class CompletionRule(models.TextChoices):
    ALL_REQUIRED = "all_required", "Attend every required session"
    MIN_DAYS = "min_days", "Attend at least a number of equivalent days"
    MIN_PERCENT = "min_percent", "Attend at least a share of the sessions"


class Programme(TimeStampedModel):
    """A national project, stable across years, so that "did Phase 1" means the same every year."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=30, choices=Audience.choices)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.SECONDARY)
    summary = models.TextField()
    who_can_take_part = models.TextField()
    what_is_involved = models.TextField()
    learning_outcomes = models.JSONField(default=list, blank=True)
    time_commitment = models.CharField(max_length=300)
    equivalent_days = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    cost = models.CharField(max_length=500)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.INDIVIDUAL)
    team_size = models.PositiveSmallIntegerField(default=1)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, related_name="leads_to", blank=True
    )
    # How a participant completes it: every required session, at least N equivalent days, or at
    # least P per cent of the sessions (completion_threshold is N or P).
    completion_rule = models.CharField(max_length=20, choices=CompletionRule.choices,
                                       default=CompletionRule.ALL_REQUIRED)
    completion_threshold = models.DecimalField(max_digits=5, decimal_places=1, null=True,
                                               blank=True)
    eligibility_rules = models.JSONField(
        default=list, blank=True,
        help_text="Rule specs for workgroups.eligibility.rules: "
                  '[{"rule": name, "hard": true, "params": {...}}, ...]',
    )
    # SupportRole values, in the order the applicant is asked for them.
    required_supports = models.JSONField(default=list, blank=True)
    # The digest of this programme as the reference data file last loaded it (blank if it never
    # was): when the programme's values no longer match it, national staff have edited it since,
    # and ``load_programmes`` reports a differing file entry instead of overwriting their work.
    reference_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit="individual", team_size=1)
                           | Q(unit="school_team", team_size__gte=2)),
                name="programme_team_size_matches_unit",
            ),
            models.CheckConstraint(
                condition=Q(equivalent_days__gte=0), name="programme_equivalent_days_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(completion_rule="all_required")
                | Q(completion_rule="min_days", completion_threshold__gt=0)
                | Q(completion_rule="min_percent", completion_threshold__gt=0,
                    completion_threshold__lte=100),
                name="programme_completion_rule_has_its_threshold",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def next_stages(self) -> list[Programme]:
        """Where its routes lead (prefetch ``routes_out__to_programme`` to list many)."""
        return [route.to_programme for route in self.routes_out.all()]

    @property
    def unit_description(self) -> str:
        return unit_description(unit=self.unit, team_size=self.team_size)


def unit_description(*, unit: str, team_size: int) -> str:
    """Who takes a place, in words (also for display rows read without a Programme)."""
    if unit == Unit.SCHOOL_TEAM:
        return f"A school team of {team_size}"
    return "An individual"


class ProgressionRoute(TimeStampedModel):
    """A programme's next stage: ``to_programme`` follows exactly ``after_years`` completed
    years in a row of ``from_programme``. A route to the same programme is another year of it
    (Mastery Specialists' second and third years)."""

    from_programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                       related_name="routes_out")
    to_programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                     related_name="routes_in")
    after_years = models.PositiveSmallIntegerField(default=1)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["from_programme__title", "after_years", "to_programme__title"]
        constraints = [
            models.UniqueConstraint(fields=["from_programme", "to_programme", "after_years"],
                                    name="progression_route_unique"),
            models.CheckConstraint(condition=Q(after_years__gte=1),
                                   name="progression_route_after_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.from_programme} → {self.to_programme}"


class OfferingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    EXPRESSION_OF_INTEREST = "expression_of_interest", "Expression of interest"
    RECRUITING = "recruiting", "Now recruiting"
    FULL = "full", "Full"
    CLOSED = "closed", "Closed"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"

    @property
    def tag_colour(self) -> str:
        """The GOV.UK tag colour its status tag is shown in (catalogue/_status_tag.html)."""
        return _TAG_COLOURS.get(self, "grey")


_TAG_COLOURS = {OfferingStatus.RECRUITING: "green", OfferingStatus.EXPRESSION_OF_INTEREST: "blue",
                OfferingStatus.FULL: "orange", OfferingStatus.RUNNING: "purple"}
S = OfferingStatus
OFFERING_TRANSITIONS: dict[OfferingStatus, frozenset[OfferingStatus]] = {
    S.DRAFT: frozenset({S.EXPRESSION_OF_INTEREST, S.RECRUITING, S.CLOSED}),
    S.EXPRESSION_OF_INTEREST: frozenset({S.DRAFT, S.RECRUITING, S.CLOSED}),
    S.RECRUITING: frozenset({S.FULL, S.CLOSED, S.RUNNING, S.COMPLETED}),
    S.FULL: frozenset({S.RECRUITING, S.CLOSED, S.RUNNING, S.COMPLETED}),
    S.CLOSED: frozenset({S.RECRUITING, S.RUNNING, S.COMPLETED}),
    S.RUNNING: frozenset({S.COMPLETED}),
    S.COMPLETED: frozenset(),
}
PUBLIC_STATUSES = frozenset(set(OfferingStatus) - {OfferingStatus.DRAFT})
# Statuses in which people may register interest (to hear when applications open).
INTEREST_STATUSES = frozenset({OfferingStatus.EXPRESSION_OF_INTEREST, OfferingStatus.CLOSED})
# Statuses a year that is over can still show: it ran (completed) or it did not (closed).
ENDED_YEAR_STATUSES = frozenset({OfferingStatus.RUNNING, OfferingStatus.COMPLETED})


def effective_status(*, status: str, year_ends_on: date, applications_close: date | None,
                     today: date) -> OfferingStatus:
    """The status people are shown: the stored one, as the calendar leaves it. The one place
    this is decided (``OfferingQuerySet.with_status_now`` is the same rule in SQL, tested to
    agree). A draft stays a draft; once its academic year is over an offering is completed if
    it was running (or marked completed) and closed otherwise; a recruiting offering whose
    application window has ended is closed."""
    stored = OfferingStatus(status)
    if stored == OfferingStatus.DRAFT:
        return stored
    if today > year_ends_on:
        return (OfferingStatus.COMPLETED if stored in ENDED_YEAR_STATUSES
                else OfferingStatus.CLOSED)
    if stored == OfferingStatus.RECRUITING and applications_close and today > applications_close:
        return OfferingStatus.CLOSED
    return stored


def accepts_applications(*, status_now: OfferingStatus, applications_open: date | None,
                         applications_close: date | None, day: date) -> bool:
    """``Offering.accepts_applications_on`` from values (``status_now`` is the status shown on
    ``day``), for lists read without model instances."""
    if status_now != OfferingStatus.RECRUITING:
        return False
    if applications_open and day < applications_open:
        return False
    return not (applications_close and day > applications_close)


# Values of an offering that the demo may invent, by the name its demo_fields list uses.
DEMO_FIELDS: dict[str, str] = {
    "window": "application window",
    "decisions": "date applicants hear by",
    "places": "Work Groups' names, areas and places",
    "contact": "contact email address",
}


@dataclass(frozen=True)
class OfferingText:
    title: str
    summary: str
    who_can_take_part: str
    what_is_involved: str
    learning_outcomes: list[str]
    time_commitment: str
    cost: str


class OfferingQuerySet(models.QuerySet["Offering"]):
    def public(self) -> OfferingQuerySet:
        return self.exclude(status=OfferingStatus.DRAFT)

    def with_status_now(self, *, today: date) -> OfferingQuerySet:
        """Annotate ``status_now``: ``effective_status`` in SQL, so lists can filter and sort
        by what people are shown."""
        return self.annotate(status_now=Case(
            When(status=OfferingStatus.DRAFT, then=Value(OfferingStatus.DRAFT.value)),
            When(academic_year__ends_on__lt=today,
                 status__in=[s.value for s in ENDED_YEAR_STATUSES],
                 then=Value(OfferingStatus.COMPLETED.value)),
            When(academic_year__ends_on__lt=today, then=Value(OfferingStatus.CLOSED.value)),
            When(status=OfferingStatus.RECRUITING, applications_close__lt=today,
                 then=Value(OfferingStatus.CLOSED.value)),
            default=F("status"), output_field=models.CharField()))


class Offering(TimeStampedModel):
    """A Programme run by one Hub in one AcademicYear."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="offerings")
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="offerings"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="offerings")
    slug = models.SlugField(max_length=80)
    code = models.CharField("national project code", max_length=30, blank=True)
    status = models.CharField(
        max_length=30, choices=OfferingStatus.choices, default=OfferingStatus.DRAFT
    )
    applications_open = models.DateField(null=True, blank=True)
    applications_close = models.DateField(null=True, blank=True)
    how_to_apply = models.TextField(blank=True)
    year_notes = models.TextField("notes for this year", blank=True)
    contact_email = models.EmailField(blank=True)
    # Told to applicants on their confirmation page and email: when they will hear.
    decisions_by = models.DateField("applicants hear by", null=True, blank=True)
    # Optional caps over all the offering's Work Groups together (each Work Group has its own).
    capacity_schools = models.PositiveIntegerField("places for schools across all Work Groups",
                                                   null=True, blank=True)
    capacity_participants = models.PositiveIntegerField(
        "places for participants across all Work Groups", null=True, blank=True)
    # What the hub's own page says for this year. A programme is national and shared by every
    # year, so its text cannot carry one year's wording, time commitment or title; a blank field
    # here (None for the learning list) shows the programme's (see ``text``).
    title = models.CharField("title this year", max_length=200, blank=True)
    summary = models.TextField(blank=True)
    who_can_take_part = models.TextField(blank=True)
    what_is_involved = models.TextField(blank=True)
    learning_outcomes = models.JSONField(null=True, blank=True, default=None)
    time_commitment = models.CharField(max_length=300, blank=True)
    cost = models.CharField(max_length=500, blank=True)
    # Documents and pages the hub's page points to: [{"text": ..., "url": ...}]; a document
    # named without an address has an empty url and is shown as its name.
    links = models.JSONField(default=list, blank=True)
    # DEMO_FIELDS keys of the values invented for the demo (shown as demo data on the page).
    demo_fields = models.JSONField(default=list, blank=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["programme__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "academic_year", "slug"], name="offering_unique_slug_per_hub_year"
            ),
            models.CheckConstraint(
                condition=(Q(applications_open__isnull=True) | Q(applications_close__isnull=True)
                           | Q(applications_close__gte=F("applications_open"))),
                name="offering_window_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.title} ({self.academic_year.label}, {self.hub.name})"

    def get_absolute_url(self) -> str:
        return reverse(
            "catalogue:offering",
            kwargs={"hub": self.hub.slug, "year": self.academic_year.slug, "offering": self.slug},
        )

    def status_on(self, day: date) -> OfferingStatus:
        """The status shown on ``day`` (see ``effective_status``)."""
        return effective_status(status=self.status, year_ends_on=self.academic_year.ends_on,
                                applications_close=self.applications_close, today=day)

    @property
    def effective_status(self) -> OfferingStatus:
        """The status shown today, London time: what pages, the API and the rules use."""
        return self.status_on(clock.today())

    @cached_property
    def text(self) -> OfferingText:
        """What the offering page says: this year's text, else the programme's."""
        programme = self.programme
        return OfferingText(
            title=self.title or programme.title,
            summary=self.summary or programme.summary,
            who_can_take_part=self.who_can_take_part or programme.who_can_take_part,
            what_is_involved=self.what_is_involved or programme.what_is_involved,
            learning_outcomes=list(programme.learning_outcomes if self.learning_outcomes is None
                                   else self.learning_outcomes),
            time_commitment=self.time_commitment or programme.time_commitment,
            cost=self.cost or programme.cost,
        )

    def is_demo(self, name: str) -> bool:
        """True when the value ``name`` (a DEMO_FIELDS key) was invented for the demo."""
        return name in (self.demo_fields or [])

    def accepts_applications_on(self, day: date) -> bool:
        """True when the offering is recruiting on ``day`` (its year not over) and ``day`` is
        inside its application window."""
        return accepts_applications(status_now=self.status_on(day),
                                    applications_open=self.applications_open,
                                    applications_close=self.applications_close, day=day)

    def accepts_interest_on(self, day: date) -> bool:
        """Interest is for the offering's next opening — this offering if it is still to
        recruit, or the programme's offering next year — so it is taken only while the
        offering shows "expression of interest" or "closed" and its own year is not over (a
        year that is over has no next opening that has not already begun)."""
        return (self.status_on(day) in INTEREST_STATUSES
                and day <= self.academic_year.ends_on)


class QuestionKind(models.TextChoices):
    TEXT = "text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    YES_NO = "yes_no", "Yes or no"
    SINGLE_CHOICE = "single_choice", "Choose one"
    MULTIPLE_CHOICE = "multiple_choice", "Choose any"
    DATE = "date", "Date"


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})


class OfferingQuestion(TimeStampedModel):
    """A question a hub adds to its application form for one offering. Answers are kept in the
    application under ``answer_key``, so renaming a question keeps its answers."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=500, blank=True)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def answer_key(self) -> str:
        return f"q{self.pk}"


class InterestRegistration(TimeStampedModel):
    """Someone who wants to hear when an offering (or next year's) opens for applications.
    Double opt-in: nothing is sent but the confirmation until they confirm. (Moved from
    applications; the table keeps its name.)"""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE,
                                 related_name="interest_registrations")
    email = models.EmailField()
    name = models.CharField(max_length=120, blank=True)
    school_urn = models.PositiveIntegerField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "applications_interestregistration"
        constraints = [
            models.UniqueConstraint(fields=["offering", "email"],
                                    name="interest_one_registration_per_email"),
        ]

    def __str__(self) -> str:
        return f"Interest {self.pk} in offering {self.offering_id}"
