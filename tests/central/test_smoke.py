"""The store answers over real HTTP with its time and protocol rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from qpm_desktop.model import demo
from qpm_desktop.protocol import HEADER_SERVER_TIME, PATH_HEALTH

from .conftest import Central


def test_health_carries_the_server_time(central: Central) -> None:
    """The health answer names the protocol and every response carries the server's clock."""
    response = central.http.get(PATH_HEALTH)
    assert response.status_code == 200
    body = response.json()
    assert body["protocol_version"] == 1
    header = datetime.fromisoformat(response.headers[HEADER_SERVER_TIME].replace("Z", "+00:00"))
    assert abs(header - datetime.now(UTC)) < timedelta(minutes=1)
    assert datetime.fromisoformat(body["server_time"].replace("Z", "+00:00")).tzinfo is not None


def test_unsupported_protocol_is_426_with_a_message(central: Central) -> None:
    """A client speaking protocol 2 is told clearly that versions differ."""
    response = central.http.get(PATH_HEALTH, headers={"X-QPM-Protocol": "2"})
    assert response.status_code == 426
    assert "protocol version 1" in response.json()["detail"]
    assert HEADER_SERVER_TIME in response.headers


def test_demo_assessor_pulls_the_demo(central: Central) -> None:
    """demo.assessor / demo signs in and pulls the demo organisation, teams and assessment."""
    response = central.http.post(
        "/api/v1/auth/token",
        json={
            "username": "demo.assessor",
            "password": "demo",
            "device_id": "00000000-0000-4000-8000-000000000001",
        },
    )
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    pulled = central.http.get(
        "/api/v1/sync/pull", headers={"Authorization": f"Bearer {token}"}
    ).json()
    ids = {(c["entity"], c["id"]) for c in pulled["changes"]}
    assert ("assessment", demo.ASSESSMENT_ID) in ids
    assert ("organisation", demo.ORGANISATION_ID) in ids
    assert {("team", t) for t in demo.TEAM_IDS.values()} <= ids
    assert [f["key"] for f in pulled["frameworks"]] == [demo.FRAMEWORK_KEY]
