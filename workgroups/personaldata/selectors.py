"""Reads for personal data: a person's addresses, their rows in each model of the registry, and
who a hub holds records about (for a subject access or erasure request)."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import models
from django.db.models import Q, QuerySet

from workgroups.accounts.models import HubMembership, User
from workgroups.applications.models import Application, Endorsement
from workgroups.catalogue.models import InterestRegistration
from workgroups.delivery.models import Enrolment
from workgroups.hubs.models import Hub
from workgroups.personaldata.fields import Holding, holdings
from workgroups.progression.models import Invitation
from workgroups.schools.models import ParticipationRecord


def normalised(email: str) -> str:
    return email.strip().lower()


def person_addresses(*, person: User) -> list[str]:
    """Every address the person is known by: the account's and any they signed in with."""
    found = {normalised(person.email)} if person.email else set()
    if person.pk is not None:
        found |= {normalised(e) for e in
                  EmailAddress.objects.filter(user=person).values_list("email", flat=True)}
    return sorted(a for a in found if a)


def _tie(holding: Holding, person: User | None, addresses: list[str]) -> Q:
    tie = Q(pk__in=[])  # matches nothing: a holding with no tie to this person finds nothing
    if person is not None and person.pk is not None:
        for path in holding.users:
            tie |= Q(pk=person.pk) if path == "" else Q(**{path: person})
    for path in holding.emails:
        for address in addresses:
            tie |= Q(**{f"{path}__iexact": address})
    return tie


def holding_rows(*, holding: Holding, model: type[models.Model], person: User | None,
                 addresses: list[str]) -> QuerySet[models.Model]:
    """The rows of ``model`` tied to the person (by account or by one of ``addresses``)."""
    return model._default_manager.filter(_tie(holding, person, addresses)).distinct()


def person_rows(*, person: User) -> dict[str, QuerySet[models.Model]]:
    """Every registry model's rows tied to the person, by model label ("app_label.Model")."""
    addresses = person_addresses(person=person)
    return {holding.model: holding_rows(holding=holding, model=model, person=person,
                                        addresses=addresses)
            for holding, model in holdings()}


def is_staff_person(*, person: User) -> bool:
    """Whether the person acts on others' data (a role at a hub, national or not, or the
    admin): erasing them needs a human to hand over their work first."""
    return (person.is_superuser or person.is_staff
            or HubMembership.objects.filter(user=person).exists())


@dataclass(frozen=True)
class HubRecords:
    """What a hub holds about one address: the account using it (None if none does) and how
    many records of each kind."""

    person: User | None
    applications: int
    enrolments: int
    interest_registrations: int
    participation_records: int
    supports: int
    invitations: int

    @property
    def total(self) -> int:
        return (self.applications + self.enrolments + self.interest_registrations
                + self.participation_records + self.supports + self.invitations)

    @property
    def counts(self) -> list[tuple[str, int]]:
        """The kinds with records, in words."""
        kinds = [("Applications", self.applications), ("Places in Work Groups", self.enrolments),
                 ("Registrations of interest", self.interest_registrations),
                 ("Past participation records", self.participation_records),
                 ("Support or agreement asked of them", self.supports),
                 ("Invitations to a next stage", self.invitations)]
        return [(label, count) for label, count in kinds if count]


def account_for_address(*, email: str) -> User | None:
    """The account using ``email``, as its sign-in address or one it confirmed."""
    address = normalised(email)
    if not address:
        return None
    found = User.objects.filter(email__iexact=address).first()
    if found is None:
        other = (EmailAddress.objects.filter(email__iexact=address, verified=True)
                 .select_related("user").first())
        found = other.user if other is not None else None
    return found


def hub_records(*, hub: Hub, email: str) -> HubRecords | None:
    """What ``hub`` holds about the person using ``email`` (all their addresses, if an account
    uses it); None when the hub holds nothing for them, whether or not they have an account
    (so the page cannot be used to learn who has an account)."""
    address = normalised(email)
    if not address:
        return None
    person = account_for_address(email=address)
    addresses = person_addresses(person=person) if person is not None else [address]

    def by_address(field: str) -> Q:
        q = Q(pk__in=[])
        for one in addresses:
            q |= Q(**{f"{field}__iexact": one})
        return q

    applications = (Application.objects.filter(offering__hub=hub, applicant=person).count()
                    if person is not None else 0)
    enrolments_q = by_address("email") | (Q(user=person) if person is not None else Q(pk__in=[]))
    found = HubRecords(
        person=person,
        applications=applications,
        enrolments=Enrolment.objects.filter(enrolments_q, work_group__offering__hub=hub).count(),
        interest_registrations=InterestRegistration.objects.filter(
            by_address("email"), offering__hub=hub).count(),
        participation_records=ParticipationRecord.objects.filter(
            by_address("email"), hub=hub).count(),
        supports=Endorsement.objects.filter(by_address("email"),
                                            application__offering__hub=hub).count(),
        invitations=Invitation.objects.filter(by_address("email"), offering__hub=hub).count(),
    )
    return found if found.total else None


def records_elsewhere(*, hub: Hub, person: User | None, email: str) -> bool:
    """Whether the person (or, with no account, the address) has records at any other hub:
    then erasing them is not one hub's decision (erasure reaches across the service)."""
    addresses = person_addresses(person=person) if person is not None else [normalised(email)]
    by_address = Q(pk__in=[])
    for one in addresses:
        by_address |= Q(email__iexact=one)
    mine = Q(user=person) if person is not None else Q(pk__in=[])
    applied = (Application.objects.filter(applicant=person).exclude(offering__hub=hub).exists()
               if person is not None else False)
    return (applied
            or Enrolment.objects.filter(mine | by_address)
            .exclude(work_group__offering__hub=hub).exists()
            or InterestRegistration.objects.filter(by_address).exclude(offering__hub=hub).exists()
            or ParticipationRecord.objects.filter(by_address).exclude(hub=hub).exists()
            or Endorsement.objects.filter(by_address)
            .exclude(application__offering__hub=hub).exists()
            or Invitation.objects.filter(by_address).exclude(offering__hub=hub).exists())
