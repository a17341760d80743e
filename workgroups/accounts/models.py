from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from workgroups.core.models import TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. Identified by email address; there is no username."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    HUB_LEAD = "hub_lead", "Hub lead"
    HUB_STAFF = "hub_staff", "Hub staff"
    WORK_GROUP_LEAD = "work_group_lead", "Work Group lead"
    NATIONAL_VIEWER = "national_viewer", "National viewer"
    NATIONAL_STAFF = "national_staff", "National staff"


class HubMembership(TimeStampedModel):
    """A person's role at one hub. Roles are data; what each role may do is code (capabilities)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "hub", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        # Names the person without their address, as the audit keeps it (object_repr).
        who = self.user.get_full_name() or f"Person #{self.user_id}"
        return f"{who} — {self.get_role_display()} at {self.hub}"


class ApiToken(TimeStampedModel):
    """A hub's API token for one member of its staff. Only a hash is stored: the token is shown
    once, when it is made, and cannot be read back."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The first characters, kept so people can tell their tokens apart on the staff page.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"API token {self.prefix}… for hub {self.hub_id}"


class TeamInvitation(TimeStampedModel):
    """An invitation to join a hub's team (or, on the national record, to a national role),
    sent by email. Only a hash of its token is stored: the link in the email is the only copy."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE,
                            related_name="team_invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.hub} as {self.get_role_display()}"


class KnownBrowser(models.Model):
    """A browser someone has signed in from, known by a random value in a cookie it keeps (only
    a hash of it is stored). A sign-in from a browser not seen before is emailed to them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="known_browsers")
    digest = models.CharField(max_length=64)
    # What the browser said it was, reduced to words such as "Firefox on Windows".
    description = models.CharField(max_length=100)
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="known_browser_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.description}, last used {self.last_seen_at:%d %B %Y}"
