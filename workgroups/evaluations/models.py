"""End-of-Work-Group evaluation: the questions (a programme's national set and an offering's
own), the invitation each participant is sent, and the anonymous responses.

Anonymity is in the tables: a response names its Work Group and nothing else (no enrolment, no
account, no time); an invitation records only the day it was answered. The keys of responses are
random, so their order says nothing about who answered when.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from workgroups.core.models import TimeStampedModel


class EvaluationQuestionKind(models.TextChoices):
    AGREEMENT = "agreement", "Agreement scale (strongly disagree to strongly agree)"
    TEXT = "text", "Free text"


class Agreement(models.IntegerChoices):
    """The five points of the agreement scale, in the order they are shown."""

    STRONGLY_DISAGREE = 1, "Strongly disagree"
    DISAGREE = 2, "Disagree"
    NEITHER = 3, "Neither agree nor disagree"
    AGREE = 4, "Agree"
    STRONGLY_AGREE = 5, "Strongly agree"


AGREEING = frozenset({Agreement.AGREE, Agreement.STRONGLY_AGREE})


class EvaluationQuestion(TimeStampedModel):
    """One question: of a programme (the national set) or of one offering (the hub's own).
    A removed question is kept (``removed``) so answers already given still count."""

    programme = models.ForeignKey("catalogue.Programme", on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="evaluation_questions")
    offering = models.ForeignKey("catalogue.Offering", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="evaluation_questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=EvaluationQuestionKind.choices)
    text = models.CharField(max_length=300)
    required = models.BooleanField(default=True)
    removed = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(programme__isnull=False, offering__isnull=True)
                           | Q(programme__isnull=True, offering__isnull=False)),
                name="evaluation_question_programme_or_offering"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_scale(self) -> bool:
        return self.kind == EvaluationQuestionKind.AGREEMENT

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"


class EvaluationInvitation(models.Model):
    """A participant asked to evaluate their Work Group: one per enrolment, made once. It
    records whether (the day) it was answered, never which response is theirs."""

    enrolment = models.OneToOneField("delivery.Enrolment", on_delete=models.CASCADE,
                                     related_name="evaluation_invitation")
    work_group = models.ForeignKey("delivery.WorkGroup", on_delete=models.CASCADE,
                                   related_name="evaluation_invitations")
    nonce = models.CharField(max_length=32)
    sent_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Evaluation invitation {self.pk} for Work Group {self.work_group_id}"


class EvaluationResponse(models.Model):
    """One participant's answers, tied to the Work Group only. ``answers`` maps a question's id
    (as text) to a point of the scale (1 to 5) or the words typed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    work_group = models.ForeignKey("delivery.WorkGroup", on_delete=models.CASCADE,
                                   related_name="evaluation_responses")
    answers = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Evaluation response for Work Group {self.work_group_id}"
