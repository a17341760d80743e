from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from workgroups.core import clock
from workgroups.core.models import TimeStampedModel
from workgroups.eligibility.rules import ROLES


class Venue(TimeStampedModel):
    """A place where a hub holds face-to-face sessions."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="venues")
    name = models.CharField(max_length=200)
    address = models.TextField()
    postcode = models.CharField(max_length=10)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "name"], name="venue_unique_name_per_hub"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def one_line(self) -> str:
        return ", ".join(part for part in [self.name, self.address, self.postcode] if part)


class DeliveryMode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    ONLINE = "online", "Online"
    BLENDED = "blended", "Blended (face to face and online)"


class WorkGroup(TimeStampedModel):
    """A cohort inside an Offering, with its own capacity and sessions."""

    offering = models.ForeignKey(
        "catalogue.Offering", on_delete=models.CASCADE, related_name="work_groups"
    )
    name = models.CharField(max_length=200)
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.FACE_TO_FACE
    )
    area = models.CharField(max_length=200, blank=True)
    capacity_schools = models.PositiveIntegerField()
    capacity_participants = models.PositiveIntegerField()
    # Work Group leads (usually Mastery Specialists) see this cohort and nothing else.
    leads = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                   related_name="led_work_groups")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "name"], name="work_group_unique_name_per_offering"
            ),
            models.CheckConstraint(
                condition=Q(capacity_schools__gt=0, capacity_participants__gt=0),
                name="work_group_capacities_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SessionKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    WEBINAR = "webinar", "Webinar"
    IN_SCHOOL_SUPPORT = "in_school_support", "In-school support visit"
    CENTRAL_ONLINE_EVENT = "central_online_event", "Central online event"
    NATIONAL_WORKSHOP = "national_workshop", "National workshop"


class Session(TimeStampedModel):
    """A dated meeting of a Work Group.

    The database refuses a session that ends before it starts (check constraint) or that falls
    outside its offering's academic year (trigger, see migration 0002).
    """

    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=30, choices=SessionKind.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    online = models.BooleanField(default=False)
    online_link = models.URLField("online joining link", blank=True)
    equivalent_days = models.DecimalField(max_digits=3, decimal_places=1, default=Decimal("1"))
    required = models.BooleanField(default=True)
    is_demo = models.BooleanField(
        default=False, help_text="Invented for the demo: the source gave no date."
    )
    # Calendars: a changed session keeps its UID and its SEQUENCE goes up; a cancelled one stays
    # (so calendars can be told) with cancelled_at set.
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Copied by the rollover from last year's session and shifted a year: staff confirm it.
    to_confirm = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(equivalent_days__gte=0), name="session_equivalent_days_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.starts_at:%d %B %Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def place(self) -> str:
        """Where it happens, in words."""
        if self.venue_id is not None and self.venue is not None:
            return self.venue.one_line
        if self.online:
            return "Online"
        if self.kind == SessionKind.IN_SCHOOL_SUPPORT:
            return "In school"
        return "To be confirmed"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start."
        if self.starts_at and self.work_group_id:
            year = self.work_group.offering.academic_year
            for field in ("starts_at", "ends_at"):
                moment = getattr(self, field)
                if moment and not year.contains(moment.astimezone(clock.LONDON).date()):
                    errors.setdefault(field, f"The session must fall within {year.label} "
                                             f"(1 September to 31 August).")
        if errors:
            raise ValidationError(errors)


class EnrolmentOutcome(models.TextChoices):
    ENROLLED = "enrolled", "Taking part"
    COMPLETED = "completed", "Completed"
    INCOMPLETE = "incomplete", "Did not complete"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Enrolment(TimeStampedModel):
    """One participant with a place in a Work Group: the applicant, or each member of a school
    team. Made when the applicant accepts the offer. Team members need no account, so the
    person is named here; ``user`` links an account when there is one."""

    work_group = models.ForeignKey(WorkGroup, on_delete=models.PROTECT, related_name="enrolments")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT,
                                    related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="enrolments")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    role = models.CharField(max_length=100, blank=True)
    school_urn = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=EnrolmentOutcome.choices,
                               default=EnrolmentOutcome.ENROLLED)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_group", "email"], condition=~Q(outcome="withdrawn"),
                name="enrolment_one_place_per_person_per_work_group"),
        ]

    def __str__(self) -> str:
        return f"Enrolment {self.pk} in Work Group {self.work_group_id}"

    @property
    def why_not_markable(self) -> str:
        """Why this participant cannot be marked on a register ("" if they can): a withdrawn
        participant is no longer expected, and a recorded outcome is final."""
        if self.outcome == EnrolmentOutcome.WITHDRAWN:
            return "Withdrawn: no longer taking part."
        if self.outcome in (EnrolmentOutcome.COMPLETED, EnrolmentOutcome.INCOMPLETE):
            return (f"Outcome recorded ({self.get_outcome_display().lower()}), so their "
                    f"marks are final.")
        return ""

    @property
    def role_label(self) -> str:
        """The role in words: an applicant's role is stored as its code ("classroom_teacher"),
        a team member's as the words the applicant typed."""
        if self.role in ROLES:
            words = ROLES[self.role].removeprefix("an ").removeprefix("a ")
            return words[:1].upper() + words[1:]
        return self.role


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"
    APOLOGIES = "apologies", "Apologies"


class Attendance(models.Model):
    """One participant at one session, as marked on the register. Corrections keep history."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    marked_at = models.DateTimeField()
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"],
                                    name="attendance_one_mark_per_participant_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at session {self.session_id}"


class AttendanceChange(models.Model):
    """Every mark and correction: who changed it, from what, to what, and how."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE,
                                   related_name="changes")
    from_status = models.CharField(max_length=20, choices=AttendanceStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    source = models.CharField(max_length=20, default="register")  # register, upload or api

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'unmarked'} → {self.to_status}"


class SessionReminder(models.Model):
    """A reminder sent for one session to one participant: the unique pair is what makes the
    reminder go exactly once, however often the scheduler runs."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"],
                                    name="session_reminder_once_per_participant"),
        ]

    def __str__(self) -> str:
        return f"Reminder for session {self.session_id} to enrolment {self.enrolment_id}"


class CalendarFeed(TimeStampedModel):
    """A participant's private calendar feed of all their sessions. The URL carries a signed
    (id, nonce) pair, so the database alone does not reveal it; revoking draws a new nonce,
    which stops every earlier URL."""

    email = models.EmailField(unique=True)
    nonce = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"
