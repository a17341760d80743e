"""Writes for applications, by use case. Every status change follows APPLICATION_TRANSITIONS,
writes a history row and an audit event in the same transaction, and is refused with a
DomainError otherwise. Re-exported here so call sites read `services.<name>`."""

from workgroups.applications.services.allocation import (
    BULK_ACTIONS,
    OVERRIDE_OUTCOMES,
    BulkOutcome,
    application_decline,
    application_eligibility_override,
    application_offer,
    application_waitlist,
    application_waitlist_move,
    application_withdraw,
    applications_decide_in_bulk,
    offer_accept,
    offer_decline,
    offers_expire,
)
from workgroups.applications.services.drafts import (
    ANSWER_KEY_MAX,
    application_answers_prefill,
    application_answers_save,
    application_lapse,
    application_start,
    application_submit,
    applications_lapse_stale_drafts,
)
from workgroups.applications.services.endorsements import (
    LINK_PROBLEMS,
    REMINDER_DAYS,
    RESEND_AFTER,
    endorsement_link_problem,
    endorsement_renew_expired,
    endorsement_resend,
    endorsement_respond,
    endorsements_send_reminders,
)
from workgroups.applications.services.participants import (
    participant_withdraw,
)
from workgroups.applications.services.profile import (
    REMEMBERED_FACTS,
    profile_forget_facts,
    profile_remember,
    profile_school_set,
    profile_update,
)
from workgroups.applications.services.transitions import (
    application_transition,
    application_transition_check,
)

__all__ = [
    "REMEMBERED_FACTS",
    "profile_forget_facts",
    "profile_remember",
    "profile_school_set",
    "profile_update",
    "ANSWER_KEY_MAX",
    "BULK_ACTIONS",
    "BulkOutcome",
    "LINK_PROBLEMS",
    "OVERRIDE_OUTCOMES",
    "REMINDER_DAYS",
    "RESEND_AFTER",
    "application_answers_prefill",
    "application_answers_save",
    "application_decline",
    "application_eligibility_override",
    "application_lapse",
    "application_offer",
    "application_start",
    "application_transition",
    "application_transition_check",
    "application_submit",
    "application_waitlist",
    "application_waitlist_move",
    "application_withdraw",
    "applications_decide_in_bulk",
    "applications_lapse_stale_drafts",
    "endorsement_link_problem",
    "endorsement_renew_expired",
    "endorsement_resend",
    "endorsement_respond",
    "endorsements_send_reminders",
    "offer_accept",
    "offer_decline",
    "offers_expire",
    "participant_withdraw",
]
