"""An application's answers, read once from their JSON into a typed value.

The journey stores what the applicant said in ``Application.answers`` (a JSON object): their
name, the eligibility facts the programme's rules ask for (FACT_KEYS), whether they saw the
verdict, the offering's own questions (keyed ``q<id>``), a school team and the people who
support the application. ``ApplicationAnswers.parse`` reads that object once and never fails:
a key that is missing, or holds something of the wrong shape, reads as not answered. The
named parts are typed properties; the rule- and offering-defined answers (whose keys are data)
are read with ``value(key)``. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from workgroups.core.parse import parse_urn
from workgroups.eligibility.rules import FACT_KEYS


def _text(value: Any) -> str:
    """A free-text answer: a string as given, anything else (missing, null, a number) as ""."""
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class TeamMember:
    """One named member of a school team (the applicant is usually one of them)."""

    name: str
    email: str
    role: str

    @property
    def complete(self) -> bool:
        return bool(self.name and self.email and self.role)


@dataclass(frozen=True)
class Supporter:
    """The person the applicant named for one support the programme needs."""

    name: str
    email: str

    @property
    def complete(self) -> bool:
        return bool(self.name and self.email)


@dataclass(frozen=True)
class ApplicationAnswers:
    """The answers of one application. Build it with ``parse``."""

    first_name: str = ""
    last_name: str = ""
    # The applicant's role (a ROLES key), or None when not answered.
    role: str | None = None
    # The school's URN, bounded (an answer saved before URNs were bounded reads as None).
    urn: int | None = None
    eligibility_seen: bool = False
    # The school team as named, or None until the team page is answered.
    team: tuple[TeamMember, ...] | None = None
    # The supporter named for each support role, or None until the support page is answered.
    supporters: Mapping[str, Supporter] | None = None
    _raw: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False)

    @classmethod
    def parse(cls, data: Any) -> ApplicationAnswers:
        raw: dict[str, Any] = dict(data) if isinstance(data, Mapping) else {}
        role = raw.get("role")
        urn = raw.get("urn")
        team = raw.get("team")
        supporters = raw.get("supporters")
        return cls(
            first_name=_text(raw.get("first_name")),
            last_name=_text(raw.get("last_name")),
            role=role if isinstance(role, str) and role else None,
            urn=parse_urn(urn) if isinstance(urn, int) and not isinstance(urn, bool) else None,
            eligibility_seen=raw.get("eligibility_seen") is True,
            team=(tuple(TeamMember(name=_text(m.get("name")), email=_text(m.get("email")),
                                   role=_text(m.get("role")))
                        for m in team if isinstance(m, dict))
                  if isinstance(team, list) else None),
            supporters=(MappingProxyType({
                str(key): Supporter(name=_text(person.get("name")),
                                    email=_text(person.get("email")))
                for key, person in supporters.items() if isinstance(person, dict)})
                if isinstance(supporters, dict) else None),
            _raw=MappingProxyType(raw),
        )

    # --- Reading what the rules and the offering define -----------------------------------

    def has(self, key: str) -> bool:
        """Whether the question ``key`` has been answered at all (even with "no")."""
        return key in self._raw

    def value(self, key: str, default: Any = None) -> Any:
        """The answer to a question whose key is data (an eligibility fact, an offering's own
        question, a claim of past participation), as stored."""
        return self._raw.get(key, default)

    def items(self) -> Iterator[tuple[str, Any]]:
        """Every answer, in the order given (for a page that lists them all)."""
        return iter(self._raw.items())

    def facts(self) -> dict[str, Any]:
        """The answers the eligibility rules read."""
        return {key: value for key, value in self._raw.items() if key in FACT_KEYS}

    def as_dict(self) -> dict[str, Any]:
        """A copy of the stored JSON (for a write that merges into it)."""
        return dict(self._raw)

    # --- Derived -----------------------------------------------------------------------------

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def supporter(self, role: str) -> Supporter | None:
        return (self.supporters or {}).get(role)
