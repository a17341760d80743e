from __future__ import annotations

from django.conf import settings
from django.db import models

NOTE_MAX = 1000


class SchoolContactNote(models.Model):
    """A hub's note on contacting a school it has not reached yet ("contacted 3 Oct, head of
    maths interested"), so outreach is tracked here rather than in a side sheet. Notes are
    added, never edited; a school shows its notes newest first."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="school_notes")
    school_urn = models.PositiveIntegerField("URN", db_index=True)
    text = models.TextField(max_length=NOTE_MAX)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["hub", "school_urn"], name="school_note_hub_urn")]

    def __str__(self) -> str:
        return f"Note on URN {self.school_urn}"
