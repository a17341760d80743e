"""Pages for applying, by use case: the staff's pages (`staff`); the application journey
(`apply`); the applicant's own pages (`mine`); and the page a supporter or team member reaches
from their emailed link (`endorsement_links`). Re-exported here so the URLs read
`views.<name>`. (Expressions of interest, and their pages, live in catalogue.interest.)"""

from workgroups.applications.views.apply import apply_check, apply_sent, apply_start, apply_step
from workgroups.applications.views.endorsement_links import endorsement_done, endorsement_respond
from workgroups.applications.views.exports import staff_applications_export
from workgroups.applications.views.mine import (
    application_detail,
    application_withdraw,
    endorsement_resend,
    my_applications,
    offer_answer,
)
from workgroups.applications.views.staff import (
    staff_application,
    staff_application_decide,
    staff_offering_applications,
)

__all__ = [
    "application_detail",
    "application_withdraw",
    "apply_check",
    "apply_sent",
    "apply_start",
    "apply_step",
    "endorsement_done",
    "endorsement_resend",
    "endorsement_respond",
    "my_applications",
    "offer_answer",
    "staff_applications_export",
    "staff_application",
    "staff_application_decide",
    "staff_offering_applications",
]
