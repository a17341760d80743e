"""Staff pages for a hub's Work Groups, sessions and venues (scoped by hub membership); Work
Group leads' own pages; calendar files and participants' private feeds."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from workgroups.accounts.capabilities import Capability
from workgroups.accounts.gate import hub_gate, staff_login_required
from workgroups.accounts.permissions import can
from workgroups.accounts.types import AuthedHttpRequest
from workgroups.applications.selectors import Places, places_taken_by_work_group
from workgroups.audit.exports import audited_export
from workgroups.catalogue.selectors import academic_year_get, staff_offering_get
from workgroups.core import clock
from workgroups.core.exports import Column
from workgroups.core.forms import add_domain_error
from workgroups.core.parse import parse_id
from workgroups.core.services import DomainError
from workgroups.delivery import links, selectors, services
from workgroups.delivery.calendar import sessions_calendar
from workgroups.delivery.forms import (
    LeadForm,
    RegisterUploadForm,
    SessionCancelForm,
    SessionForm,
    VenueForm,
    VisitForm,
    WorkGroupForm,
)
from workgroups.delivery.models import (
    AttendanceStatus,
    DeliveryMode,
    Session,
    SessionKind,
    WorkGroup,
)
from workgroups.hubs.models import Hub
from workgroups.messaging.panel import messages_panel
from workgroups.progression import selectors as progression_selectors


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def work_group_create(request: AuthedHttpRequest, hub: Hub, offering: int) -> HttpResponse:
    offering_obj = staff_offering_get(hub=hub, pk=offering)
    form = WorkGroupForm(request.POST if request.method == "POST" else None,
                         initial={"delivery_mode": DeliveryMode.FACE_TO_FACE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.work_group_create(
                actor=request.user, offering=offering_obj, name=data["name"],
                delivery_mode=DeliveryMode(data["delivery_mode"]), area=data["area"],
                capacity_schools=data["capacity_schools"],
                capacity_participants=data["capacity_participants"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Work Group “{data['name']}” added.")
            return redirect("staff:offering", hub=hub.slug, pk=offering_obj.pk)
    return render(request, "delivery/staff/work_group_form.html",
                  {"staff_hub": hub, "offering": offering_obj, "form": form})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def work_group_edit(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    work_group = selectors.staff_work_group_get(hub=hub, pk=pk)
    initial = {name: getattr(work_group, name) for name in services.WORK_GROUP_FIELDS}
    form = WorkGroupForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.work_group_update(actor=request.user, work_group=work_group,
                                       data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Work Group saved.")
            return redirect("staff:offering", hub=hub.slug, pk=work_group.offering_id)
    return render(request, "delivery/staff/work_group_form.html",
                  {"staff_hub": hub, "offering": work_group.offering, "form": form,
                   "work_group": work_group})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def session_create(request: AuthedHttpRequest, hub: Hub, work_group: int) -> HttpResponse:
    work_group_obj = selectors.staff_work_group_get(hub=hub, pk=work_group)
    form = SessionForm(request.POST if request.method == "POST" else None, hub=hub,
                       initial={"kind": SessionKind.WORKSHOP, "required": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(actor=request.user, work_group=work_group_obj,
                                    **form.service_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Session added.")
            return redirect("staff:offering", hub=hub.slug, pk=work_group_obj.offering_id)
    return render(request, "delivery/staff/session_form.html",
                  {"staff_hub": hub, "work_group": work_group_obj, "form": form})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def session_edit(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    session = selectors.staff_session_get(hub=hub, pk=pk)
    local_start = session.starts_at.astimezone(clock.LONDON)
    initial = {
        "kind": session.kind, "date": local_start.date(), "start_time": local_start.time(),
        "end_time": session.ends_at.astimezone(clock.LONDON).time(), "venue": session.venue,
        "online": session.online, "online_link": session.online_link,
        "equivalent_days": session.equivalent_days,
        "required": session.required,
    }
    form = SessionForm(request.POST if request.method == "POST" else None, hub=hub,
                       initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session,
                                    data=form.service_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Session saved.")
            return redirect("staff:offering", hub=hub.slug,
                            pk=session.work_group.offering_id)
    return render(request, "delivery/staff/session_form.html",
                  {"staff_hub": hub, "work_group": session.work_group, "form": form,
                   "session": session})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def session_delete(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    session = selectors.staff_session_get(hub=hub, pk=pk)
    if request.method == "POST":
        offering_id = session.work_group.offering_id
        try:
            services.session_delete(actor=request.user, session=session)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("staff:session-cancel", hub=hub.slug, pk=session.pk)
        messages.success(request, "Session removed.")
        return redirect("staff:offering", hub=hub.slug, pk=offering_id)
    return render(request, "delivery/staff/session_delete.html",
                  {"staff_hub": hub, "session": session})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def session_cancel(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    session = selectors.staff_session_get(hub=hub, pk=pk)
    form = SessionCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(actor=request.user, session=session,
                                    reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Session cancelled. Participants are being emailed.")
            return redirect("staff:work-group", hub=hub.slug, pk=session.work_group_id)
    return render(request, "delivery/staff/session_cancel.html",
                  {"staff_hub": hub, "session": session, "form": form})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def work_group_detail(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    """A Work Group for staff: its places, leads, participants and sessions; add a lead."""
    work_group = selectors.staff_work_group_detail(hub=hub, pk=pk)
    form = LeadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.work_group_lead_add(actor=request.user, work_group=work_group,
                                                  email=form.cleaned_data["email"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{person} now leads {work_group.name}.")
            return redirect("staff:work-group", hub=hub.slug, pk=work_group.pk)
    return render(request, "delivery/staff/work_group.html", {
        "staff_hub": hub, "work_group": work_group, "offering": work_group.offering,
        "form": form, "leads": list(work_group.leads.all()),
        "sessions": list(work_group.sessions.select_related("venue")),
        "dates_to_confirm": work_group.sessions.filter(to_confirm=True).count(),
        "outcomes_refusal": progression_selectors.work_group_outcomes_refusal(
            work_group=work_group, now=clock.now()),
        "places": places_taken_by_work_group(work_group_ids=[work_group.pk]).get(
            work_group.pk, Places()),
        "messages_panel": messages_panel(work_group=work_group, hub_slug=hub.slug),
        "can_view_evaluations": can(request.user, Capability.REPORTS_VIEW, hub),
    }, status=422 if form.errors else 200)


@require_POST
@hub_gate(Capability.OFFERINGS_MANAGE)
def work_group_dates_confirm(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    work_group = selectors.staff_work_group_get(hub=hub, pk=pk)
    confirmed = services.work_group_dates_confirm(actor=request.user, work_group=work_group)
    if confirmed:
        messages.success(request, f"{confirmed} session date{'' if confirmed == 1 else 's'} "
                                  f"confirmed.")
    else:
        messages.info(request, "Nothing changed: no session dates were waiting to be "
                               "confirmed.")
    return redirect("staff:work-group", hub=hub.slug, pk=work_group.pk)


@require_POST
@hub_gate(Capability.OFFERINGS_MANAGE)
def work_group_lead_remove(request: AuthedHttpRequest, hub: Hub, pk: int,
                           lead: int) -> HttpResponse:
    work_group = selectors.staff_work_group_get(hub=hub, pk=pk)
    person = get_object_or_404(work_group.leads, pk=lead)
    services.work_group_lead_remove(actor=request.user, work_group=work_group, lead=person)
    messages.success(request, f"{person} no longer leads {work_group.name}.")
    return redirect("staff:work-group", hub=hub.slug, pk=work_group.pk)


# --- Work Group leads: their own Work Groups ---------------------------------------------------

@staff_login_required
@require_safe
def lead_home(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "delivery/lead/home.html",
                  {"work_groups": list(selectors.lead_work_groups(user=request.user))})


@staff_login_required
@require_safe
def lead_work_group(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    work_group = selectors.lead_work_group_get(user=request.user, pk=pk)
    return render(request, "delivery/lead/work_group.html", {
        "work_group": work_group, "offering": work_group.offering,
        "sessions": list(work_group.sessions.all()), "visit_form": VisitForm(),
        "messages_panel": messages_panel(work_group=work_group)})


# --- Calendars ---------------------------------------------------------------------------------

def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for_calendar(pk=pk)
    title = session.work_group.offering.programme.title
    return _ics(sessions_calendar([session], name=title), f"session-{session.pk}.ics")


@require_safe
def work_group_ics(request: HttpRequest, pk: int) -> HttpResponse:
    work_group = selectors.work_group_for_calendar(pk=pk)
    sessions = list(work_group.sessions.all())
    for session in sessions:
        session.work_group = work_group  # already loaded: no query per session
    name = f"{work_group.offering.programme.title}: {work_group.name}"
    return _ics(sessions_calendar(sessions, name=name), f"work-group-{work_group.pk}.ics")


@require_safe
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A participant's private feed: every session they have a place in, with joining links."""
    parsed = links.feed_from_token(token)
    feed = selectors.calendar_feed_get(pk=parsed[0]) if parsed else None
    if feed is None or parsed is None or not secrets.compare_digest(feed.nonce, parsed[1]):
        raise Http404("No such calendar.")
    sessions = selectors.participant_sessions(email=feed.email)
    response = _ics(sessions_calendar(sessions, name="My Maths Hub Work Group sessions",
                                      with_online_links=True), "work-group-sessions.ics")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request: AuthedHttpRequest) -> HttpResponse:
    """The signed-in person's feed address, and a button to stop it and make a new one. The
    page only reads: the feed is made when the person is enrolled, or by the button."""
    if request.method == "POST":
        had_one = selectors.calendar_feed_of(email=request.user.email) is not None
        services.calendar_feed_revoke(actor=request.user, email=request.user.email)
        messages.success(request, "The old address has stopped working. Here is the new one: "
                                  "add it to your calendar again." if had_one else
                                  "Here is your calendar address: add it to your calendar.")
        return redirect("calendar:mine")
    feed = selectors.calendar_feed_of(email=request.user.email)
    return render(request, "delivery/my_calendar.html", {
        "feed_url": request.build_absolute_uri(reverse("calendar:feed", kwargs={
            "token": links.feed_token(feed.pk, feed.nonce)})) if feed else "",
        "sessions": selectors.participant_sessions(email=request.user.email),
        # A team member who is not the applicant finds their certificates here.
        "certificates": selectors.participant_completed(email=request.user.email)})


@require_safe
@hub_gate(Capability.OFFERINGS_MANAGE)
def venues(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    return render(request, "delivery/staff/venues.html",
                  {"staff_hub": hub, "venues": selectors.staff_venues(hub=hub)})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def venue_create(request: AuthedHttpRequest, hub: Hub) -> HttpResponse:
    form = VenueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_create(actor=request.user, hub=hub, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Venue added.")
            return redirect("staff:venues", hub=hub.slug)
    return render(request, "delivery/staff/venue_form.html", {"staff_hub": hub, "form": form})


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.OFFERINGS_MANAGE)
def venue_edit(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    venue = selectors.staff_venue_get(hub=hub, pk=pk)
    initial = {name: getattr(venue, name) for name in services.VENUE_FIELDS}
    form = VenueForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_update(actor=request.user, venue=venue, data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Venue saved.")
            return redirect("staff:venues", hub=hub.slug)
    return render(request, "delivery/staff/venue_form.html",
                  {"staff_hub": hub, "form": form, "venue": venue})


# --- Registers: a lead (or hub staff) marks who came ------------------------------------------

def _register(request: AuthedHttpRequest, session: Session, *, back_url: str,
              staff_hub: Hub | None = None) -> HttpResponse:
    """The register page. Without JavaScript the whole form is sent at once; with it, each
    radio posts just its own mark (htmx) and the line says it was saved."""
    if request.method == "POST" and staff_hub is not None and "mark_all_present" in request.POST:
        try:
            marked = services.register_mark_all_present(actor=request.user, session=session)
        except DomainError as problem:
            messages.error(request, problem.message)
        else:
            if marked:
                messages.success(request, f"{marked} participant{'' if marked == 1 else 's'} "
                                          f"marked present.")
            else:
                messages.info(request, "Nothing changed: everyone who can be marked already "
                                       "has a mark.")
        return redirect(request.path)
    if request.method == "POST":
        marks: dict[int, str] = {}
        for key in request.POST:
            enrolment_id = parse_id(key[5:]) if key.startswith("mark-") else None
            if enrolment_id is not None:
                marks[enrolment_id] = request.POST.get(key, "")
        try:
            changed = services.register_save(actor=request.user, session=session, marks=marks)
        except DomainError as problem:
            if request.headers.get("HX-Request"):
                # Shown in place of the line's status (htmx swaps 422s, see includes/htmx.html).
                return HttpResponse(escape(f"Not saved: {problem.message}"), status=422)
            messages.error(request, problem.message)
        else:
            if request.headers.get("HX-Request"):
                labels = dict(AttendanceStatus.choices)
                return HttpResponse("Saved: " + ", ".join(
                    str(labels.get(status, status)) for status in marks.values()))
            if changed:
                messages.success(request, f"Register saved: {changed} mark"
                                          f"{'' if changed == 1 else 's'} changed.")
            elif marks:
                messages.info(request, "Nothing changed: the register already had these "
                                       "marks.")
            else:
                messages.info(request, "Nothing changed: no marks were chosen.")
        return redirect(request.path)
    return render(request, "delivery/register.html", {
        "session": session, "work_group": session.work_group,
        "offering": session.work_group.offering, "staff_hub": staff_hub,
        "lines": selectors.register_lines(session=session, with_withdrawn=True),
        "refusal": services.register_refusal(session=session, now=clock.now()),
        "history": selectors.register_history(session=session),
        "statuses": AttendanceStatus.choices, "back_url": back_url})


@staff_login_required
@require_http_methods(["GET", "POST"])
def lead_register(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    session = selectors.lead_session_get(user=request.user, pk=pk)
    return _register(request, session,
                     back_url=reverse("lead:work-group", kwargs={"pk": session.work_group_id}))


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.REGISTERS_TAKE)
def staff_register(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    session = selectors.register_session_get(user=request.user, pk=pk, hub=hub)
    return _register(request, session, staff_hub=hub, back_url=reverse(
        "staff:work-group", kwargs={"hub": hub.slug, "pk": session.work_group_id}))


@require_http_methods(["GET", "POST"])
@hub_gate(Capability.REGISTERS_TAKE)
def staff_register_upload(request: AuthedHttpRequest, hub: Hub, pk: int) -> HttpResponse:
    session = selectors.register_session_get(user=request.user, pk=pk, hub=hub)
    posted = request.method == "POST"
    form = RegisterUploadForm(request.POST if posted else None,
                              request.FILES if posted else None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.register_upload(actor=request.user, session=session,
                                              text=form.cleaned_data["file"])
        except DomainError as problem:
            add_domain_error(form, problem)
    return render(request, "delivery/staff/register_upload.html", {
        "staff_hub": hub, "session": session, "form": form, "result": result,
    }, status=422 if form.errors else 200)


@staff_login_required
@require_POST
def lead_visit_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A lead records an in-school support visit to the Work Group, then takes its register."""
    work_group = selectors.lead_work_group_get(user=request.user, pk=pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        try:
            visit = services.session_in_school_visit_add(
                actor=request.user, work_group=work_group,
                starts_at=form.cleaned_data["starts_at"], ends_at=form.cleaned_data["ends_at"])
        except DomainError as problem:
            add_domain_error(form, problem)
        else:
            messages.success(request, "Visit added: take its register.")
            return redirect("lead:register", pk=visit.pk)
    return render(request, "delivery/lead/work_group.html", {
        "work_group": work_group, "offering": work_group.offering,
        "sessions": list(work_group.sessions.all()), "visit_form": form}, status=422)


# --- Exports: participants, registers and the year's enrolments as CSV or XLSX ------------------

PARTICIPANT_COLUMNS: list[Column[selectors.EnrolmentRow]] = [
    Column("Work Group", lambda e: e.work_group),
    Column("Participant", lambda e: e.participant),
    Column("School", lambda e: e.school_name),
    Column("School URN", lambda e: e.school_urn),
    Column("Role", lambda e: e.role),
    Column("Email", lambda e: e.email),
    Column("Status", lambda e: e.outcome),
    Column("Attendance so far", lambda e: e.attendance),
]

ENROLMENT_COLUMNS: list[Column[selectors.EnrolmentRow]] = [
    Column("Offering", lambda e: e.offering),
    Column("Programme", lambda e: e.programme),
    Column("Work Group", lambda e: e.work_group),
    Column("Participant", lambda e: e.participant),
    Column("School", lambda e: e.school_name),
    Column("School URN", lambda e: e.school_urn),
    Column("Local authority", lambda e: e.la_name),
    Column("Outcome", lambda e: e.outcome),
    Column("Attendance so far", lambda e: e.attendance),
]

REGISTER_COLUMNS: list[Column[selectors.RegisterRow]] = [
    Column("Work Group", lambda r: r.work_group),
    Column("Session date", lambda r: r.starts_at),
    Column("Session kind", lambda r: r.kind),
    Column("Participant", lambda r: r.participant),
    Column("School", lambda r: r.school_name),
    Column("School URN", lambda r: r.school_urn),
    Column("Mark", lambda r: r.mark),
]


def _participants_export(request: AuthedHttpRequest, hub: Hub, *, obj: Model, what: str,
                         work_groups: QuerySet[WorkGroup],
                         words: list[str]) -> HttpResponseBase:
    return audited_export(
        request, hub=hub, obj=obj, what=what, columns=PARTICIPANT_COLUMNS,
        rows=selectors.enrolment_rows(selectors.enrolments_for_export(
            work_groups=work_groups, now=clock.now())),
        count=lambda: selectors.enrolments_count(work_groups=work_groups),
        filename_words=[hub.name, *words])


def _register_export(request: AuthedHttpRequest, hub: Hub, *, obj: Model, what: str,
                     work_groups: QuerySet[WorkGroup], words: list[str]) -> HttpResponseBase:
    return audited_export(
        request, hub=hub, obj=obj, what=what, columns=REGISTER_COLUMNS,
        rows=selectors.register_export(work_groups=work_groups),
        count=lambda: selectors.register_count(work_groups=work_groups),
        filename_words=[hub.name, *words])


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def work_group_participants_export(request: AuthedHttpRequest, hub: Hub,
                                   pk: int) -> HttpResponseBase:
    """A Work Group's participants: school, role, contact, status and attendance so far."""
    work_group = selectors.staff_work_group_get(hub=hub, pk=pk)
    return _participants_export(
        request, hub, obj=work_group, what="Participants",
        work_groups=WorkGroup.objects.filter(pk=work_group.pk),
        words=[work_group.name, work_group.offering.academic_year.slug, "participants"])


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def offering_participants_export(request: AuthedHttpRequest, hub: Hub,
                                 pk: int) -> HttpResponseBase:
    """The participants of every Work Group of an offering."""
    offering = staff_offering_get(hub=hub, pk=pk)
    return _participants_export(
        request, hub, obj=offering, what="Participants",
        work_groups=WorkGroup.objects.filter(offering=offering),
        words=[offering.programme.slug, offering.academic_year.slug, "participants"])


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def work_group_register_export(request: AuthedHttpRequest, hub: Hub,
                               pk: int) -> HttpResponseBase:
    """A Work Group's register: a row per participant per session."""
    work_group = selectors.staff_work_group_get(hub=hub, pk=pk)
    return _register_export(
        request, hub, obj=work_group, what="Register",
        work_groups=WorkGroup.objects.filter(pk=work_group.pk),
        words=[work_group.name, work_group.offering.academic_year.slug, "register"])


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def year_register_export(request: AuthedHttpRequest, hub: Hub, year: str) -> HttpResponseBase:
    """Every register of the hub's Work Groups in a year."""
    year_obj = academic_year_get(slug=year)
    return _register_export(
        request, hub, obj=hub, what=f"Registers {year_obj.label}",
        work_groups=selectors.staff_year_work_groups(hub=hub, year=year_obj),
        words=[year_obj.slug, "registers"])


@require_POST  # audited: a download is a POST, and a GET writes nothing
@hub_gate(Capability.REPORTS_VIEW)
def year_enrolments_export(request: AuthedHttpRequest, hub: Hub, year: str) -> HttpResponseBase:
    """The year's enrolments across the hub: offering, programme, Work Group, participant,
    school, local authority and outcome."""
    year_obj = academic_year_get(slug=year)
    work_groups = selectors.staff_year_work_groups(hub=hub, year=year_obj)
    return audited_export(
        request, hub=hub, obj=hub, what=f"Enrolments {year_obj.label}",
        columns=ENROLMENT_COLUMNS,
        rows=selectors.enrolment_rows(selectors.enrolments_for_export(
            work_groups=work_groups, now=clock.now())),
        count=lambda: selectors.enrolments_count(work_groups=work_groups),
        filename_words=[hub.name, year_obj.slug, "enrolments"])
