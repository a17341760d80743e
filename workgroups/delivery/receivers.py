"""What delivery does when something happens in an app below it (connected in apps.py)."""

from __future__ import annotations

from typing import Any

from workgroups.accounts.models import User
from workgroups.delivery.models import WorkGroup
from workgroups.delivery.services import work_group_lead_remove
from workgroups.hubs.models import Hub


def stop_leading_at_hub(*, actor: User | None, user: User, hub: Hub, **_: Any) -> None:
    """Someone left a hub's team: they no longer lead its Work Groups (each removal audited),
    in the transaction that removed their role."""
    for work_group in (WorkGroup.objects.select_related("offering__hub")
                       .filter(offering__hub=hub, leads=user)):
        work_group_lead_remove(actor=actor, work_group=work_group, lead=user)
