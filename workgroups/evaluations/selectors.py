"""Reads for evaluations: the questions a Work Group's participants are asked, an invitation
from its link, and results in aggregate only (never below ``THRESHOLD`` responses). Each page's
reads are a fixed number of queries, whatever the number of responses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from workgroups.catalogue.models import AcademicYear, Offering, Programme
from workgroups.core import clock
from workgroups.delivery.models import WorkGroup
from workgroups.evaluations.links import LINK_DAYS, invitation_from_token
from workgroups.evaluations.models import (
    AGREEING,
    Agreement,
    EvaluationInvitation,
    EvaluationQuestion,
    EvaluationResponse,
)
from workgroups.hubs.models import Hub

# Results are shown only when at least this many participants have answered.
THRESHOLD = 5


# --- Questions ------------------------------------------------------------------------------

def programme_questions(*, programme: Programme) -> list[EvaluationQuestion]:
    return list(EvaluationQuestion.objects.filter(programme=programme, removed=False))


def offering_questions(*, offering: Offering) -> list[EvaluationQuestion]:
    return list(EvaluationQuestion.objects.filter(offering=offering, removed=False))


def questions_for_offering(*, offering: Offering) -> list[EvaluationQuestion]:
    """The national set, then the hub's own, as participants see them (one query)."""
    found = list(EvaluationQuestion.objects.filter(
        Q(programme_id=offering.programme_id) | Q(offering=offering), removed=False)
        .order_by("offering_id", "position", "pk"))
    return sorted(found, key=lambda q: (q.offering_id is not None, q.position, q.pk))


def staff_offering_get(*, hub: Hub, pk: int) -> Offering:
    found = (Offering.objects.select_related("programme", "academic_year", "hub")
             .filter(hub=hub, pk=pk).first())
    if found is None:
        raise Http404("No such offering in this hub.")
    return found


def staff_question_get(*, hub: Hub, pk: int) -> EvaluationQuestion:
    """A hub's own question (one of its offerings'), or 404."""
    found = (EvaluationQuestion.objects
             .select_related("offering__programme", "offering__academic_year")
             .filter(offering__hub=hub, pk=pk, removed=False).first())
    if found is None:
        raise Http404("No such question in this hub.")
    return found


def programme_question_get(*, programme: Programme, pk: int) -> EvaluationQuestion:
    found = EvaluationQuestion.objects.filter(programme=programme, pk=pk, removed=False).first()
    if found is None:
        raise Http404("No such question for this programme.")
    return found


def programme_get(*, slug: str) -> Programme:
    found = Programme.objects.filter(slug=slug).first()
    if found is None:
        raise Http404("No such programme.")
    return found


def academic_year_get(*, slug: str) -> AcademicYear:
    found = AcademicYear.objects.filter(slug=slug).first()
    if found is None:
        raise Http404("No such year.")
    return found


# --- Invitations ----------------------------------------------------------------------------

@dataclass(frozen=True)
class LinkState:
    """What an answer link leads to: the invitation, or why it cannot be used (in words)."""

    invitation: EvaluationInvitation | None
    problem: str = ""


def invitation_from_link(*, token: str) -> LinkState:
    found = invitation_from_token(token)
    if found is None:
        return LinkState(None, "This link is not complete or has been changed. Use the link "
                               "exactly as it is in your email.")
    invitation_id, nonce = found
    invitation = (EvaluationInvitation.objects
                  .select_related("work_group__offering__programme",
                                  "work_group__offering__hub",
                                  "work_group__offering__academic_year")
                  .filter(pk=invitation_id, nonce=nonce).first())
    if invitation is None:
        return LinkState(None, "This link no longer works.")
    if invitation.answered_on is not None:
        return LinkState(invitation, "This evaluation has already been answered with this "
                                     "link. Thank you: each link can be used once.")
    if link_expired(invitation):
        return LinkState(invitation, f"This link has expired: links work for {LINK_DAYS} days "
                                     f"after the Work Group ends.")
    return LinkState(invitation)


def link_expired(invitation: EvaluationInvitation) -> bool:
    return clock.now() > invitation.sent_at + timedelta(days=LINK_DAYS)


# --- Results --------------------------------------------------------------------------------

@dataclass
class QuestionResult:
    question: EvaluationQuestion
    answered: int = 0
    counts: list[tuple[str, int, int]] = field(default_factory=list)  # label, count, percent
    percent_agree: int | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    """Aggregate results of a set of responses. Only Work Groups with at least ``THRESHOLD``
    answers are counted (``counted``): each of them shows its own results, so no difference
    between two pages, or a page and its export, can single out a smaller group's answers.
    ``shown`` is False when nothing can be counted, and then ``questions`` is empty."""

    responses: int
    invited: int
    questions: list[QuestionResult]
    counted: int = 0
    left_out_groups: int = 0

    @property
    def shown(self) -> bool:
        return self.counted >= THRESHOLD

    @property
    def left_out(self) -> int:
        """Answers not counted: those of Work Groups with fewer than ``THRESHOLD``."""
        return self.responses - self.counted

    @property
    def threshold(self) -> int:
        return THRESHOLD


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def results_of(*, responses: QuerySet[EvaluationResponse],
               questions: list[EvaluationQuestion], invited: int,
               with_texts: bool = True, by_wording: bool = False) -> Results:
    """Aggregate ``responses`` over ``questions`` (one query for the answers), counting only
    Work Groups with at least ``THRESHOLD`` answers. With ``by_wording``, questions worded
    alike (each programme's copy of the default set) are counted as one. Free text is listed
    in alphabetical order, never the order it came in."""
    rows = list(responses.values_list("work_group_id", "answers"))
    per_group = Counter(group_id for group_id, _answers in rows)
    answer_sets = [answers for group_id, answers in rows if per_group[group_id] >= THRESHOLD]
    left_out_groups = sum(1 for n in per_group.values() if n < THRESHOLD)
    if len(answer_sets) < THRESHOLD:
        return Results(responses=len(rows), invited=invited, questions=[],
                       counted=len(answer_sets), left_out_groups=left_out_groups)
    groups: dict[Any, tuple[EvaluationQuestion, list[str]]] = {}
    for question in questions:
        group_key = (question.kind, question.text.strip().casefold()) if by_wording \
            else question.pk
        groups.setdefault(group_key, (question, []))[1].append(str(question.pk))
    results = []
    for question, keys in groups.values():
        given = [answers[key] for answers in answer_sets if isinstance(answers, dict)
                 for key in keys if answers.get(key) not in (None, "")]
        result = QuestionResult(question=question, answered=len(given))
        if question.is_scale:
            tally = Counter(value for value in given if isinstance(value, int))
            total = sum(tally.values())
            result.answered = total
            result.counts = [(str(point.label), tally[point.value],
                              _percent(tally[point.value], total)) for point in Agreement]
            result.percent_agree = _percent(sum(tally[p] for p in AGREEING), total)
        elif with_texts:
            result.texts = sorted((str(value) for value in given),
                                  key=lambda text: (text.casefold(), text))
        if question.removed and not result.answered:
            continue
        results.append(result)
    return Results(responses=len(rows), invited=invited, questions=results,
                   counted=len(answer_sets), left_out_groups=left_out_groups)


def _all_questions(*, programme_id: int, offering_ids: list[int]) -> list[EvaluationQuestion]:
    """The programme's questions and those of the offerings, removed ones too (results still
    count answers to them), the national set first."""
    found = list(EvaluationQuestion.objects.filter(
        Q(programme_id=programme_id) | Q(offering_id__in=offering_ids)))
    return sorted(found, key=lambda q: (q.offering_id is not None, q.offering_id or 0,
                                        q.position, q.pk))


def staff_work_group_get(*, hub: Hub, pk: int) -> WorkGroup:
    found = (WorkGroup.objects.select_related("offering__programme", "offering__academic_year",
                                              "offering__hub")
             .filter(offering__hub=hub, pk=pk).first())
    if found is None:
        raise Http404("No such Work Group in this hub.")
    return found


def work_group_results(*, work_group: WorkGroup) -> Results:
    offering = work_group.offering
    return results_of(
        responses=EvaluationResponse.objects.filter(work_group=work_group),
        questions=_all_questions(programme_id=offering.programme_id,
                                 offering_ids=[offering.pk]),
        invited=EvaluationInvitation.objects.filter(work_group=work_group).count())


def offering_results(*, offering: Offering) -> Results:
    return results_of(
        responses=EvaluationResponse.objects.filter(work_group__offering=offering),
        questions=_all_questions(programme_id=offering.programme_id,
                                 offering_ids=[offering.pk]),
        invited=EvaluationInvitation.objects.filter(work_group__offering=offering).count())


@dataclass(frozen=True)
class CountsRow:
    """Invited and answered for one thing (a Work Group, an offering, a hub, a programme)."""

    obj: Any
    invited: int
    responses: int

    @property
    def percent(self) -> int:
        return _percent(self.responses, self.invited)

    @property
    def shown(self) -> bool:
        return self.responses >= THRESHOLD


def _counts(rows: QuerySet[Any], key: str) -> dict[int, int]:
    return {row[key]: row["n"] for row in rows.values(key).annotate(n=Count("pk")).order_by()}


def offering_work_group_counts(*, offering: Offering) -> list[CountsRow]:
    groups = list(WorkGroup.objects.filter(offering=offering).order_by("name", "pk"))
    invited = _counts(EvaluationInvitation.objects.filter(work_group__offering=offering),
                      "work_group_id")
    answered = _counts(EvaluationResponse.objects.filter(work_group__offering=offering),
                       "work_group_id")
    return [CountsRow(group, invited.get(group.pk, 0), answered.get(group.pk, 0))
            for group in groups]


def hub_year_counts(*, hub: Hub, year: AcademicYear) -> list[CountsRow]:
    """Each of the hub's offerings that year, with how many were invited and answered."""
    offerings = list(Offering.objects.select_related("programme")
                     .filter(hub=hub, academic_year=year).order_by("programme__title", "pk"))
    scope = {"work_group__offering__hub": hub, "work_group__offering__academic_year": year}
    invited = _counts(EvaluationInvitation.objects.filter(**scope), "work_group__offering_id")
    answered = _counts(EvaluationResponse.objects.filter(**scope), "work_group__offering_id")
    return [CountsRow(offering, invited.get(offering.pk, 0), answered.get(offering.pk, 0))
            for offering in offerings]


def hub_year_results(*, hub: Hub, year: AcademicYear) -> Results:
    """Every offering of the hub that year together: questions worded alike are counted as
    one (three queries)."""
    scope = {"work_group__offering__hub": hub, "work_group__offering__academic_year": year}
    offerings = list(Offering.objects.filter(hub=hub, academic_year=year)
                     .values_list("pk", "programme_id"))
    found = list(EvaluationQuestion.objects.filter(
        Q(programme_id__in={programme for _pk, programme in offerings})
        | Q(offering_id__in=[pk for pk, _programme in offerings])))
    questions = sorted(found, key=lambda q: (q.offering_id is not None, q.position, q.pk))
    return results_of(responses=EvaluationResponse.objects.filter(**scope),
                      questions=questions, by_wording=True,
                      invited=EvaluationInvitation.objects.filter(**scope).count())


def national_programme_counts(*, year: AcademicYear) -> list[CountsRow]:
    """Each programme offered that year, with invited and answered across every hub."""
    programmes = list(Programme.objects.filter(offerings__academic_year=year).distinct()
                      .order_by("title"))
    scope = {"work_group__offering__academic_year": year}
    invited = _counts(EvaluationInvitation.objects.filter(**scope),
                      "work_group__offering__programme_id")
    answered = _counts(EvaluationResponse.objects.filter(**scope),
                       "work_group__offering__programme_id")
    return [CountsRow(programme, invited.get(programme.pk, 0), answered.get(programme.pk, 0))
            for programme in programmes]


def national_programme_results(*, programme: Programme, year: AcademicYear) -> Results:
    """The national set's results across every hub (the hubs' own questions stay with them,
    and free text is not shown nationally)."""
    scope = {"work_group__offering__academic_year": year,
             "work_group__offering__programme": programme}
    return results_of(
        responses=EvaluationResponse.objects.filter(**scope),
        questions=_all_questions(programme_id=programme.pk, offering_ids=[]),
        invited=EvaluationInvitation.objects.filter(**scope).count(), with_texts=False)


def national_programme_hub_counts(*, programme: Programme,
                                  year: AcademicYear) -> list[CountsRow]:
    hubs = list(Hub.objects.filter(offerings__programme=programme,
                                   offerings__academic_year=year).distinct().order_by("name"))
    scope = {"work_group__offering__academic_year": year,
             "work_group__offering__programme": programme}
    invited = _counts(EvaluationInvitation.objects.filter(**scope), "work_group__offering__hub_id")
    answered = _counts(EvaluationResponse.objects.filter(**scope), "work_group__offering__hub_id")
    return [CountsRow(hub, invited.get(hub.pk, 0), answered.get(hub.pk, 0)) for hub in hubs]


def evaluation_summary_by_hub(year: AcademicYear) -> dict[int, tuple[int, int]]:
    """``{hub id: (invited, responses)}`` for the year, for the national view (two queries)."""
    scope = {"work_group__offering__academic_year": year}
    invited = _counts(EvaluationInvitation.objects.filter(**scope), "work_group__offering__hub_id")
    answered = _counts(EvaluationResponse.objects.filter(**scope), "work_group__offering__hub_id")
    return {hub_id: (invited.get(hub_id, 0), answered.get(hub_id, 0))
            for hub_id in sorted(set(invited) | set(answered))}
