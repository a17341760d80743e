"""The registry of personal data: every model that holds data about a person, which of its
fields are personal, and how a row is tied to the person.

The export (``export.person_data``) shows every field listed here; the erasure
(``erasure.person_erase``) blanks or removes them. ``tests/personaldata/test_personal_fields.py``
walks every installed model and fails when a field that looks personal (an email address, a
name, typed text, JSON on a person's row) is in none of the lists below, so a new personal field
has to be classified here, and then the export and erasure tests hold it to that.

A row is tied to a person by lookups to their account (``users``) or to one of their email
addresses (``emails``): a supporter or a team member has no account, only an address.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Holding:
    """One model holding personal data.

    ``fields``: the personal fields, exported and erased. ``users``: lookups from the model to
    the person's account ("" is the account itself). ``emails``: lookups to an address that is
    the person's. ``withheld``: paths inside a JSON field (``field.key.key``) that hold someone
    else's data (the member of staff who decided), so they are erased with the row but never
    shown to the person. ``note``: what the rows are, in words."""

    model: str
    fields: tuple[str, ...]
    note: str
    users: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    withheld: tuple[str, ...] = ()

    @property
    def model_class(self) -> type[models.Model] | None:
        """The model, or None when its app is not installed (allauth's MFA, say)."""
        try:
            return apps.get_model(self.model)
        except LookupError:
            return None


REGISTRY: tuple[Holding, ...] = (
    # --- Accounts ---------------------------------------------------------------------------
    Holding("accounts.User", ("email", "first_name", "last_name"), "The account itself.",
            users=("",)),
    Holding("account.EmailAddress", ("email",), "Addresses the person signed in with.",
            users=("user",)),
    Holding("account.EmailConfirmation", (), "Confirmations sent to their addresses.",
            users=("email_address__user",)),
    Holding("mfa.Authenticator", (), "Their second factors (secrets: see SECRETS).",
            users=("user",)),
    Holding("accounts.HubMembership", (), "Their roles in hubs' teams.", users=("user",)),
    Holding("accounts.KnownBrowser", ("description",),
            "Browsers they signed in from (a few words each; the cookie's value is not kept).",
            users=("user",)),
    Holding("accounts.ApiToken", ("name",), "API tokens made for them (the name they gave).",
            users=("user",)),
    Holding("accounts.TeamInvitation", ("email",), "Invitations to join a hub's team.",
            emails=("email",)),
    # --- Applications -----------------------------------------------------------------------
    Holding("applications.Application",
            ("answers", "eligibility", "withdrawn_reason", "decision_reason"),
            "Their applications: answers, the eligibility verdict, reasons given.",
            users=("applicant",),
            # Who overrode a verdict: the name of a member of staff, theirs, not the applicant's.
            withheld=("eligibility.override.by",)),
    Holding("applications.ApplicationStatusChange", ("note",),
            "The history of their applications, with notes.",
            users=("application__applicant",)),
    Holding("applications.Endorsement", ("name", "email", "comment"),
            "Support or agreement asked of them for someone's application, and their answer.",
            emails=("email",)),
    Holding("applications.ApplicantProfile", ("facts",),
            "What they told us last time, offered again on their next application.",
            users=("user",)),
    # --- Catalogue --------------------------------------------------------------------------
    Holding("catalogue.InterestRegistration", ("email", "name"),
            "“Tell me when this opens”: registrations by their address.",
            emails=("email",)),
    # --- Delivery ---------------------------------------------------------------------------
    Holding("delivery.Enrolment", ("name", "email"), "Their places in Work Groups.",
            users=("user",), emails=("email",)),
    Holding("delivery.Attendance", (), "Their attendance at sessions.",
            users=("enrolment__user",), emails=("enrolment__email",)),
    Holding("delivery.AttendanceChange", (), "Corrections to their attendance.",
            users=("attendance__enrolment__user",), emails=("attendance__enrolment__email",)),
    Holding("delivery.SessionReminder", (), "Session reminders sent to them.",
            users=("enrolment__user",), emails=("enrolment__email",)),
    Holding("delivery.CalendarFeed", ("email",), "Their private calendar feed.",
            emails=("email",)),
    # --- Evaluations (responses are anonymous: tied to a Work Group, not to anyone) --------
    Holding("evaluations.EvaluationInvitation", (),
            "Invitations to evaluate a Work Group, and the day each was answered.",
            users=("enrolment__user",), emails=("enrolment__email",)),
    # --- Progression and schools ------------------------------------------------------------
    Holding("progression.Invitation", ("email", "name"),
            "Invitations to a programme's next stage.", emails=("email",)),
    Holding("schools.ParticipationRecord", ("email", "name"),
            "Past participation a hub imported from its own records.", emails=("email",)),
    # --- Reports ----------------------------------------------------------------------------
    Holding("reports.SchoolContactNote", (),
            "Notes they wrote on contacting schools (about a school; see MENTIONS).",
            users=("author",)),
    # --- Messages from a hub ---------------------------------------------------------------
    Holding("messaging.MessageRecipient", ("name", "email"),
            "Messages a hub sent them (as a participant, applicant or supporter).",
            emails=("email",)),
    Holding("messaging.Message", (), "Messages they wrote, as a hub's staff or a lead.",
            users=("author",)),
    # --- Email and the audit trail ----------------------------------------------------------
    Holding("core.FailedEmail", ("recipient", "subject"),
            "Emails to them that could not be delivered.", emails=("recipient",)),
    Holding("audit.AuditEvent", (), "What they did in the service (see MENTIONS for what "
                                    "the events say about others).", users=("actor",)),
    Holding("admin.LogEntry", (), "What they changed in the Django admin.", users=("user",)),
)

# Fields that may hold a person's data although the row is not theirs: a record of what someone
# did to something. Erasure pseudonymises them by value (the person's addresses, names and typed
# answers); the export lists the person's own actions without them (they describe other rows).
MENTIONS: dict[str, tuple[str, ...]] = {
    "audit.AuditEvent": ("object_repr", "changes"),
    "admin.LogEntry": ("object_repr", "change_message"),
    # A hub's note on contacting a school may name the person spoken to.
    "reports.SchoolContactNote": ("text",),
    # An email task's arguments: a sign-in code's address, say (kept 7 days, see retention).
    "django_tasks_database.DBTaskResult": ("args_kwargs", "return_value", "traceback"),
    # A signed-in session names its account by id.
    "sessions.Session": ("session_data",),
}

# Secrets held for a person: erased with them, never exported.
SECRETS: dict[str, tuple[str, ...]] = {
    "accounts.User": ("password",),
    "accounts.ApiToken": ("prefix", "digest"),
    "accounts.TeamInvitation": ("digest",),
    "account.EmailConfirmation": ("key",),
    "mfa.Authenticator": ("data",),
    "applications.Endorsement": ("link_nonce",),
    "delivery.CalendarFeed": ("nonce",),
    "progression.Invitation": ("nonce",),
    "evaluations.EvaluationInvitation": ("nonce",),
}

# Fields that look personal but are not, and why.
NOT_PERSONAL: dict[str, dict[str, str]] = {
    "auth.Permission": {"name": "the name of a permission"},
    "auth.Group": {"name": "the name of a group of permissions"},
    "django_tasks_database.DBTaskResult": {
        "queue_name": "a queue's name", "backend_name": "a task backend's name",
        "worker_ids": "ids of worker processes"},
    "hubs.Region": {"name": "a region of England"},
    "hubs.LocalAuthority": {"name": "a local authority"},
    "hubs.Hub": {"name": "the hub's name", "lead_school": "an organisation",
                 "contact_email": "the hub's own address, an organisation's"},
    "catalogue.Programme": {
        "learning_outcomes": "catalogue text", "eligibility_rules": "rules as data",
        "required_supports": "support roles a programme needs"},
    "catalogue.ProgressionRoute": {"note": "a note on a route between programmes"},
    "catalogue.Offering": {
        "contact_email": "the offering's contact address, a hub's (an organisation's)",
        "learning_outcomes": "catalogue text", "links": "catalogue links",
        "demo_fields": "which fields the demo wrote",
        "year_notes": "the hub's notes on the offering for the year: catalogue text"},
    "catalogue.OfferingQuestion": {"choices": "the options a hub offers for its question"},
    "delivery.Venue": {"name": "a building's name", "address": "a building's address"},
    "delivery.WorkGroup": {"name": "a cohort's name"},
    "schools.School": {"name": "a school's name", "search_name": "a school's name, for search",
                       "la_name": "a local authority", "type_name": "a type of school"},
    "schools.ImportRun": {"errors": "an import's line-numbered problems, about files"},
    "core.FailedEmail": {
        "reason": "why the mail server refused: a technical reason, not typed by anyone",
        "arguments": "the email task's arguments: ids and kinds, never the message"},
    "evaluations.EvaluationResponse": {
        "answers": "anonymous evaluation answers, tied to a Work Group and to nobody"},
    "core.EmailOnce": {"key": "ids, or a hashed address, and a day: a claim an email went"},
}


def holdings() -> list[tuple[Holding, type[models.Model]]]:
    """The registry's holdings whose models are installed, with their models."""
    found = []
    for holding in REGISTRY:
        model = holding.model_class
        if model is not None:
            found.append((holding, model))
    return found


def holding_for(label: str) -> Holding | None:
    return next((h for h in REGISTRY if h.model == label), None)
