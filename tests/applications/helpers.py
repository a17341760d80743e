"""Shared by the applications tests: an early career teacher's answers, and a started draft."""

from __future__ import annotations

from tests import factories
from workgroups.applications.services import application_answers_save, application_start

ECT = {"urn": 111422, "role": "classroom_teacher", "years_teaching": 1,
       "teaches_maths": "now"}


def started(offering, answers=None, applicant=None):
    applicant = applicant or factories.user()
    application = application_start(applicant=applicant, offering=offering)
    if answers:
        application = application_answers_save(applicant=applicant, application=application,
                                               answers=answers)
    return applicant, application
