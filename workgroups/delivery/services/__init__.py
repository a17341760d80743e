"""Writes for Work Groups, their sessions, venues, enrolments and registers, one module per
entity and re-exported here so call sites read ``delivery.services.<name>``. Calendar feeds
live in ``delivery.feeds``. Each write is audited in its own transaction."""

from workgroups.delivery.feeds import calendar_feed_for, calendar_feed_revoke
from workgroups.delivery.services.enrolments import (
    Participant,
    enrolments_create_for,
    enrolments_withdraw_for,
)
from workgroups.delivery.services.registers import (
    REGISTER_SOURCES,
    STATUS_WORDS,
    RegisterUpload,
    register_mark_all_present,
    register_refusal,
    register_save,
    register_upload,
)
from workgroups.delivery.services.sessions import (
    SESSION_FIELDS,
    SESSION_NEWS_FIELDS,
    session_cancel,
    session_create,
    session_delete,
    session_in_school_visit_add,
    session_reminders_send,
    session_update,
)
from workgroups.delivery.services.venues import VENUE_FIELDS, venue_create, venue_update
from workgroups.delivery.services.work_groups import (
    WORK_GROUP_FIELDS,
    work_group_create,
    work_group_dates_confirm,
    work_group_lead_add,
    work_group_lead_remove,
    work_group_update,
)

__all__ = [
    "REGISTER_SOURCES",
    "SESSION_FIELDS",
    "SESSION_NEWS_FIELDS",
    "STATUS_WORDS",
    "VENUE_FIELDS",
    "WORK_GROUP_FIELDS",
    "Participant",
    "RegisterUpload",
    "calendar_feed_for",
    "calendar_feed_revoke",
    "enrolments_create_for",
    "enrolments_withdraw_for",
    "register_mark_all_present",
    "register_refusal",
    "register_save",
    "register_upload",
    "session_cancel",
    "session_create",
    "session_delete",
    "session_in_school_visit_add",
    "session_reminders_send",
    "session_update",
    "venue_create",
    "venue_update",
    "work_group_create",
    "work_group_dates_confirm",
    "work_group_lead_add",
    "work_group_lead_remove",
    "work_group_update",
]
