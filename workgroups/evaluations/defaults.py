"""The national set a programme's evaluation starts from when national staff have written none."""

from __future__ import annotations

from workgroups.evaluations.models import EvaluationQuestionKind

# (kind, text, required), in the order participants see them.
DEFAULT_QUESTIONS: tuple[tuple[EvaluationQuestionKind, str, bool], ...] = (
    (EvaluationQuestionKind.AGREEMENT, "The Work Group improved my subject knowledge", True),
    (EvaluationQuestionKind.AGREEMENT, "The Work Group improved my understanding of how pupils "
                                       "learn mathematics", True),
    (EvaluationQuestionKind.AGREEMENT, "I have changed my classroom practice", True),
    (EvaluationQuestionKind.AGREEMENT, "I would recommend this Work Group to a colleague", True),
    (EvaluationQuestionKind.TEXT, "What will you do differently?", False),
    (EvaluationQuestionKind.TEXT, "How could the Work Group be improved?", False),
)
