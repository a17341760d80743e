from __future__ import annotations

from django.db import models
from django.urls import reverse

from workgroups.core.models import TimeStampedModel


class Region(models.Model):
    """An English region as DfE codes it (e.g. E12000002, North West)."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """A local authority by its three-digit DfE code (e.g. 895, Cheshire East)."""

    code = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=100)
    gss_code = models.CharField(max_length=9, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="local_authorities")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Hub(TimeStampedModel):
    """A Maths Hub, or the national record that offers centrally-run programmes."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=150)
    lead_school = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    is_national = models.BooleanField(
        default=False, help_text="The national record for centrally-run programmes."
    )
    areas = models.ManyToManyField(LocalAuthority, related_name="hubs", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:hub", kwargs={"hub": self.slug})


class EmbedOrigin(TimeStampedModel):
    """A website the hub lets show its catalogue in a frame: the embed page's CSP
    ``frame-ancestors`` lists exactly these (ADR 22). Held as a normalised origin
    (``https://www.example.org``, see ``workgroups.hubs.origins``)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="embed_origins")
    origin = models.CharField(max_length=300)

    class Meta:
        ordering = ["origin"]
        constraints = [models.UniqueConstraint(fields=["hub", "origin"],
                                               name="embed_origin_once_per_hub")]

    def __str__(self) -> str:
        return self.origin
