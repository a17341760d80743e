"""Applications to an offering, their one status enum, its transitions table and history."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from workgroups.applications.answers import ApplicationAnswers
from workgroups.catalogue.models import SupportRole
from workgroups.core.models import TimeStampedModel


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    AWAITING_SUPPORT = "awaiting_support", "Waiting for support"
    READY_FOR_REVIEW = "ready_for_review", "Ready for the hub to review"
    OFFERED = "offered", "Offered a place"
    ACCEPTED = "accepted", "Place accepted"
    WAITLISTED = "waitlisted", "On the waiting list"
    DECLINED = "declined", "Not successful"
    OFFER_DECLINED = "offer_declined", "Place turned down"
    WITHDRAWN = "withdrawn", "Withdrawn"
    LAPSED = "lapsed", "Lapsed"


A = ApplicationStatus
# The only moves an application can make. Declined, withdrawn and lapsed are final.
APPLICATION_TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    A.DRAFT: frozenset({A.SUBMITTED, A.WITHDRAWN, A.LAPSED}),
    A.SUBMITTED: frozenset({A.AWAITING_SUPPORT, A.READY_FOR_REVIEW, A.WITHDRAWN}),
    A.AWAITING_SUPPORT: frozenset({A.READY_FOR_REVIEW, A.DECLINED, A.WITHDRAWN, A.LAPSED}),
    A.READY_FOR_REVIEW: frozenset({A.OFFERED, A.WAITLISTED, A.DECLINED, A.WITHDRAWN}),
    # An offer is accepted or turned down by the applicant, or lapses when its time runs out.
    A.OFFERED: frozenset({A.ACCEPTED, A.OFFER_DECLINED, A.WITHDRAWN, A.LAPSED}),
    A.WAITLISTED: frozenset({A.OFFERED, A.DECLINED, A.WITHDRAWN, A.LAPSED}),
    A.ACCEPTED: frozenset({A.WITHDRAWN}),
    A.DECLINED: frozenset(),
    A.OFFER_DECLINED: frozenset(),
    A.WITHDRAWN: frozenset(),
    A.LAPSED: frozenset(),
}
FINAL_STATUSES = frozenset(s for s, moves in APPLICATION_TRANSITIONS.items() if not moves)
LIVE_STATUSES = frozenset(set(ApplicationStatus) - FINAL_STATUSES)
# A school-team programme takes one application per school; drafts do not count, so two
# colleagues may both start one, and the first to submit holds the school's place.
SCHOOL_HELD_STATUSES = frozenset(LIVE_STATUSES - {A.DRAFT})
# An offered place is held for the applicant until they answer, so it counts against capacity.
PLACE_HOLDING_STATUSES = frozenset({A.OFFERED, A.ACCEPTED})
# What the hub may decide on: applications that are ready, or waiting for a place.
DECIDABLE_STATUSES = frozenset({A.READY_FOR_REVIEW, A.WAITLISTED})


class Application(TimeStampedModel):
    """One person's (or one school team's) application to an offering."""

    offering = models.ForeignKey("catalogue.Offering", on_delete=models.PROTECT,
                                 related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="applications")
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    # Copied from the programme when the application starts, so the database can hold the
    # one-per-school rule without a join.
    is_school_team = models.BooleanField(default=False)
    school_urn = models.PositiveIntegerField(null=True, blank=True)
    # The applicant's answers: eligibility facts (FACT_KEYS) and the offering's own questions.
    answers = models.JSONField(default=dict, blank=True)
    # The verdict recorded at submission ({outcome, reasons}); rules may change afterwards.
    eligibility = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    # How many places it takes: the team's size for a school team, else one. Set at submission.
    participants = models.PositiveSmallIntegerField(default=1)
    # The hub's decision: the Work Group offered, until when the offer stands, and why a
    # decline (told to the applicant).
    work_group = models.ForeignKey("delivery.WorkGroup", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="applications")
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    # Order on the waiting list: the submission time (first come, first served) unless staff
    # moved it, with a recorded reason. Lower goes first.
    waitlist_rank = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["offering", "status", "submitted_at"],
                         name="application_offering_status"),
            models.Index(fields=["work_group", "status"], name="application_work_group_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "applicant"],
                condition=Q(status__in=sorted(LIVE_STATUSES)),
                name="application_one_live_per_person_per_offering"),
            models.UniqueConstraint(
                fields=["offering", "school_urn"],
                condition=Q(is_school_team=True, status__in=sorted(SCHOOL_HELD_STATUSES)),
                name="application_one_live_per_school_for_teams"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False)
                | Q(status__in=["withdrawn", "lapsed"]),
                name="application_submitted_has_a_time"),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(PLACE_HOLDING_STATUSES))
                | Q(work_group__isnull=False, offered_at__isnull=False),
                name="application_holding_a_place_names_its_work_group"),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlist_rank__isnull=False),
                name="application_waitlisted_has_a_rank"),
            models.CheckConstraint(
                condition=Q(participants__gte=1), name="application_takes_a_place"),
            models.CheckConstraint(
                condition=Q(is_school_team=False) | Q(status="draft")
                | Q(status__in=["withdrawn", "lapsed"]) | Q(school_urn__isnull=False),
                name="application_team_has_a_school"),
        ]

    def __str__(self) -> str:
        return f"Application {self.pk} to {self.offering_id} ({self.status})"

    @property
    def parsed_answers(self) -> ApplicationAnswers:
        """The answers as a typed value, parsed once (and again only if ``answers`` is
        replaced, as a save of new answers does)."""
        cached = self.__dict__.get("_parsed_answers")
        if cached is None or cached[0] is not self.answers:
            cached = (self.answers, ApplicationAnswers.parse(self.answers))
            self.__dict__["_parsed_answers"] = cached
        parsed: ApplicationAnswers = cached[1]
        return parsed

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def eligibility_outcome(self) -> str:
        """The verdict that counts: a staff override if there is one, else the recorded one."""
        return str(self.eligibility.get("outcome", "")) if isinstance(self.eligibility,
                                                                       dict) else ""

    @property
    def eligibility_override(self) -> dict[str, object] | None:
        override = self.eligibility.get("override") if isinstance(self.eligibility,
                                                                   dict) else None
        return override if isinstance(override, dict) else None


class ApplicationStatusChange(models.Model):
    """One row per status change, so an application's whole story can be told."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class EndorsementKind(models.TextChoices):
    SUPPORT = "support", "Support"  # a head of maths, headteacher or trust lead backs it
    AGREEMENT = "agreement", "Agreement to take part"  # a named team member agrees


class EndorsementStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for a reply"
    GIVEN = "given", "Given"
    DECLINED = "declined", "Declined"


class Endorsement(TimeStampedModel):
    """One person's answer for an application: support from a school leader, or a team member's
    agreement to take part. They answer from an emailed link that is signed, single-use and
    expires; they need no account."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="endorsements")
    kind = models.CharField(max_length=20, choices=EndorsementKind.choices)
    # For support, a catalogue.SupportRole value; for agreement, the team member's role in words.
    role = models.CharField(max_length=100)
    name = models.CharField(max_length=150)
    email = models.EmailField()
    status = models.CharField(max_length=20, choices=EndorsementStatus.choices,
                              default=EndorsementStatus.REQUESTED)
    comment = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # The current link: a new nonce makes every earlier link for this endorsement useless.
    link_nonce = models.CharField(max_length=32)
    link_sent_at = models.DateTimeField()
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "email"],
                                    name="endorsement_one_per_person_per_kind"),
            models.CheckConstraint(
                condition=Q(status="requested", responded_at__isnull=True)
                | (~Q(status="requested") & Q(responded_at__isnull=False)),
                name="endorsement_answered_has_a_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} for application {self.application_id}"

    @property
    def role_label(self) -> str:
        """“Headteacher or a senior leader” for support; the member's own words for a team."""
        if self.kind == EndorsementKind.SUPPORT:
            return str(SupportRole(self.role).label) if self.role in SupportRole else self.role
        return self.role

    @property
    def link_expires_at(self) -> datetime:
        return self.link_sent_at + timedelta(days=settings.WORKGROUPS_SUPPORT_LINK_DAYS)


class ApplicantProfile(TimeStampedModel):
    """What an applicant told us last time, offered again on their next application so nobody
    types the same thing twice. Only what the eligibility rules ask for is kept."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile")
    role = models.CharField(max_length=40, blank=True)
    school_urn = models.PositiveIntegerField(null=True, blank=True)
    # Career facts by FACT_KEYS name (years_teaching, teaches_maths, ...), as last answered.
    facts = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "accounts_applicantprofile"  # moved from accounts; the table keeps its name

    def __str__(self) -> str:
        return f"Profile of user {self.user_id}"
