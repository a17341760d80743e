from tests.applications.conftest import ect_offering, team_offering

__all__ = ["ect_offering", "team_offering"]
