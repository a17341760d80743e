"""Shared by the applications tests: an early career teacher's answers, and a started draft."""

from __future__ import annotations

from tests import factories
from workgroups.applications.services import application_answers_save, application_start

# The pages every application has, done: the name, and the eligibility verdict seen.
DONE = {"first_name": "Sam", "last_name": "Okafor", "eligibility_seen": True}
ECT = {"urn": 111422, "role": "classroom_teacher", "years_teaching": 1,
       "teaches_maths": "now", **DONE}
TEAM_MEMBERS = [{"name": "Ada Byron", "email": "ada@school.example.org", "role": "Teacher"},
                {"name": "Blaise Pascal", "email": "blaise@school.example.org",
                 "role": "Teacher"}]
TEAM = {"urn": 111422, **DONE, "team": TEAM_MEMBERS}


def started(offering, answers=None, applicant=None):
    applicant = applicant or factories.user()
    application = application_start(applicant=applicant, offering=offering)
    if answers:
        application = application_answers_save(applicant=applicant, application=application,
                                               answers=answers)
    return applicant, application
