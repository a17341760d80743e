"""Every kind of audit event, declared once with the words people read on history pages.

Action codes are stored in the database, so a member's value never changes once released; add a
member for a new kind of write rather than building a code from strings. ``audit_record`` accepts
only members of this enum, so a write cannot invent an action nobody can name.
"""

from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    # Accounts and sign-in
    ACCOUNT_CREATED = "accounts.account.created", "Account created"
    EMAIL_CONFIRMED = "accounts.email.confirmed", "Email address confirmed"
    PROFILE_UPDATED = "accounts.profile.updated", "Saved details updated"
    PROFILE_FACTS_FORGOTTEN = "accounts.profile.facts_forgotten", "Saved answers forgotten"
    API_TOKEN_CREATED = "accounts.api_token.created", "API token made"
    API_TOKEN_REVOKED = "accounts.api_token.revoked", "API token revoked"
    # A hub's team and the national roles
    MEMBERSHIP_GRANTED = "accounts.membership.granted", "Role given"
    MEMBERSHIP_CHANGED = "accounts.membership.changed", "Role changed"
    MEMBERSHIP_REVOKED = "accounts.membership.revoked", "Role removed"
    TEAM_INVITATION_SENT = "accounts.team_invitation.sent", "Invitation sent"
    TEAM_INVITATION_ACCEPTED = "accounts.team_invitation.accepted", "Invitation accepted"
    TEAM_INVITATION_CANCELLED = "accounts.team_invitation.cancelled", "Invitation cancelled"
    # Hubs
    HUB_CREATED = "hubs.hub.created", "Hub created"
    HUB_UPDATED = "hubs.hub.updated", "Hub updated"
    EMBED_ORIGIN_ADDED = "hubs.embed_origin.added", "Website allowed to show the catalogue"
    EMBED_ORIGIN_REMOVED = ("hubs.embed_origin.removed",
                            "Website no longer allowed to show the catalogue")
    # Programmes and offerings
    PROGRAMME_CREATED = "catalogue.programme.created", "Programme created"
    PROGRAMME_UPDATED = "catalogue.programme.updated", "Programme updated"
    PROGRAMME_RULES_UPDATED = "catalogue.programme.rules_updated", "Eligibility rules changed"
    PROGRAMME_ROUTE_ADDED = "catalogue.programme.route_added", "Progression route added"
    PROGRAMME_ROUTE_UPDATED = "catalogue.programme.route_updated", "Progression route changed"
    PROGRAMME_ROUTE_REMOVED = "catalogue.programme.route_removed", "Progression route removed"
    PROGRAMME_COMPLETION_UPDATED = ("catalogue.programme.completion_updated",
                                    "Completion rule changed")
    OFFERING_CREATED = "catalogue.offering.created", "Offering created"
    OFFERING_UPDATED = "catalogue.offering.updated", "Offering updated"
    QUESTION_CREATED = "catalogue.question.created", "Question added"
    QUESTION_UPDATED = "catalogue.question.updated", "Question changed"
    QUESTION_DELETED = "catalogue.question.deleted", "Question removed"
    INTEREST_REGISTERED = "applications.interest.registered", "Interest registered"
    INTEREST_CONFIRMED = "applications.interest.confirmed", "Interest confirmed"
    INTEREST_UNSUBSCRIBED = "applications.interest.unsubscribed", "Unsubscribed from updates"
    INTEREST_NOTIFIED = "applications.interest.notified", "Told applications are open"
    # Schools
    IMPORT_SCHOOLS_GIAS = "schools.import.schools_gias", "School register imported (GIAS)"
    IMPORT_SCHOOLS_BUNDLED = ("schools.import.schools_bundled",
                              "School register imported (bundled file)")
    IMPORT_SCHOOL_LINKS = "schools.import.school_links", "School links imported"
    IMPORT_PARTICIPATION = "schools.import.participation", "Participation history imported"
    # Applications
    APPLICATION_STARTED = "applications.application.started", "Application started"
    APPLICATION_ANSWERS_SAVED = "applications.application.answers_saved", "Answers saved"
    APPLICATION_SUBMITTED = "applications.application.submitted", "Application sent"
    APPLICATION_WITHDRAWN = "applications.application.withdrawn", "Application withdrawn"
    APPLICATION_ELIGIBILITY_OVERRIDDEN = ("applications.application.eligibility_overridden",
                                          "Eligibility decided by staff")
    APPLICATION_OFFERED = "applications.application.offered", "Place offered"
    APPLICATION_ACCEPTED = "applications.application.accepted", "Place accepted"
    APPLICATION_OFFER_DECLINED = "applications.application.offer_declined", "Offer turned down"
    APPLICATION_OFFER_EXPIRED = "applications.application.offer_expired", "Offer expired"
    APPLICATION_WAITLISTED = "applications.application.waitlisted", "Put on the waiting list"
    APPLICATION_WAITLIST_MOVED = ("applications.application.waitlist_moved",
                                  "Moved on the waiting list")
    APPLICATION_DECLINED = "applications.application.declined", "Application declined"
    APPLICATION_LAPSED = "applications.application.lapsed", "Application lapsed"
    APPLICATION_READY_FOR_REVIEW = ("applications.application.ready_for_review",
                                    "Ready for the hub’s decision")
    APPLICATION_SUPPORT_REFUSED = ("applications.application.support_refused",
                                   "Ended: support or agreement not given")
    ENDORSEMENT_GIVEN = "applications.endorsement.given", "Support given"
    ENDORSEMENT_DECLINED = "applications.endorsement.declined", "Support declined"
    ENDORSEMENT_REMINDED = "applications.endorsement.reminded", "Reminder sent"
    ENDORSEMENT_LINK_RESENT = "applications.endorsement.link_resent", "Link sent again"
    # Delivery
    WORK_GROUP_CREATED = "delivery.work_group.created", "Work Group created"
    WORK_GROUP_UPDATED = "delivery.work_group.updated", "Work Group updated"
    WORK_GROUP_DATES_CONFIRMED = "delivery.work_group.dates_confirmed", "Dates confirmed"
    WORK_GROUP_LEAD_ADDED = "delivery.work_group.lead_added", "Lead added"
    WORK_GROUP_LEAD_REMOVED = "delivery.work_group.lead_removed", "Lead removed"
    VENUE_CREATED = "delivery.venue.created", "Venue added"
    VENUE_UPDATED = "delivery.venue.updated", "Venue updated"
    SESSION_CREATED = "delivery.session.created", "Session added"
    SESSION_UPDATED = "delivery.session.updated", "Session updated"
    SESSION_DELETED = "delivery.session.deleted", "Session deleted"
    SESSION_CANCELLED = "delivery.session.cancelled", "Session cancelled"
    REGISTER_MARKED = "delivery.register.marked", "Register taken"
    ENROLMENT_CREATED = "delivery.enrolment.created", "Enrolled"
    ENROLMENT_WITHDRAWN = "delivery.enrolment.withdrawn", "Withdrawn"
    CALENDAR_FEED_CREATED = "delivery.calendar_feed.created", "Calendar link made"
    CALENDAR_FEED_REVOKED = "delivery.calendar_feed.revoked", "Calendar link turned off"
    # Progression
    OUTCOMES_RECORDED = "progression.work_group.outcomes_recorded", "Outcomes recorded"
    OUTCOME_RECORDED = "progression.enrolment.outcome_recorded", "Outcome recorded"
    ROLLOVER = "progression.rollover", "Year rolled over"
    LEAD_COPIED = "progression.work_group.lead_copied", "Lead carried over to next year"
    INVITATIONS_PROPOSED = "progression.invitations.proposed", "Invitations proposed"
    INVITATIONS_SENT = "progression.invitations.sent", "Invitations sent"
    INVITATIONS_DISMISSED = "progression.invitations.dismissed", "Invitations dismissed"
    # Evaluations
    EVALUATION_QUESTION_ADDED = "evaluations.question.created", "Evaluation question added"
    EVALUATION_QUESTION_CHANGED = "evaluations.question.updated", "Evaluation question changed"
    EVALUATION_QUESTION_MOVED = "evaluations.question.moved", "Evaluation question moved"
    EVALUATION_QUESTION_REMOVED = "evaluations.question.removed", "Evaluation question removed"
    EVALUATION_DEFAULTS_SET = ("evaluations.question.defaults_set",
                               "Default evaluation questions set")
    EVALUATION_INVITATIONS_SENT = "evaluations.invitations.sent", "Evaluation invitations sent"
    EVALUATION_REMINDERS_SENT = "evaluations.invitations.reminded", "Evaluation reminders sent"
    EVALUATION_ANSWERED = "evaluations.response.received", "Evaluation answered"
    # Email
    FAILED_EMAIL_SENT_AGAIN = "core.failed_email.sent_again", "Email sent again"
    # Messages to participants and applicants
    MESSAGE_SENT = "messaging.message.sent", "Message sent"
    # Exports (a list downloaded as CSV or XLSX)
    LIST_EXPORTED = "core.list.exported", "List downloaded"
    # Reports: outreach to the schools a hub has not reached yet
    SCHOOL_NOTE_ADDED = "reports.school_note.added", "Note on a school added"
    # Personal data
    PERSONAL_DATA_EXPORTED = ("personaldata.person.exported",
                              "Personal data downloaded (subject access request)")
    # Personal data: erasure on request, and retention periods ending
    PERSON_ERASED = "personaldata.person.erased", "Personal data erased"
    ADDRESS_ERASED = ("personaldata.address.erased",
                      "Personal data erased (an email address without an account)")
    RETENTION_APPLIED = "personaldata.retention.applied", "Retention periods applied"
    # Operations
    TASK_REQUEUED = ("ops.task.requeued",
                     "Task put back in the queue (the worker running it had stopped)")


def action_label(code: str) -> str:
    """The words for a stored action code. Codes from older releases that are no longer members
    still read as words, built from their last part ("dates_confirmed" → "Dates confirmed")."""
    try:
        return str(AuditAction(code).label)
    except ValueError:
        verb = code.rsplit(".", 1)[-1].replace("_", " ")
        return verb[:1].upper() + verb[1:]
