"""What falconieri lists as TODO, and the production concerns: check, deregister, batch jobs,
request size limits, shared per-account concurrency, the breaker, graceful shutdown, access logs."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import httpx
import pytest

from falconieri_desktop.core.accounts import AccountLayer, AccountStore
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.http import Response
from falconieri_desktop.server.app import Gateway, create_app
from falconieri_desktop.server.config import ServerSettings
from falconieri_desktop.server.service import GatewayService, PoolLimits, load_providers
from tests.server.conftest import URL, Harness, LiveServer, MakeHarness, basic, bearer, wait_until

MAC, BARE = "00-04-13-AA-BB-01", "000413AABB01"


def snom_macs(n: int, start: int = 0x100) -> list[str]:
    return [f"00-04-13-77-{(start + i) >> 8:02X}-{(start + i) & 0xFF:02X}" for i in range(n)]


# -- check and deregister ---------------------------------------------------------------------------


async def test_check_reports_presence_url_and_owner(harness: Harness) -> None:
    """GET answers the Outcome JSON: registered with the URL, not_registered, or other_account."""
    await harness.client.put(f"/providers/snom/{MAC}", json={"url": URL})
    found = (await harness.client.get(f"/providers/snom/{MAC}")).json()
    assert found["presence"] == "registered" and found["url"] == URL and found["provider"] == "snom"
    absent = (await harness.client.get("/providers/snom/00-04-13-AA-BB-02")).json()
    assert absent["presence"] == "not_registered"
    harness.sim("snom").give_to_other("000413AABB03")
    other = (await harness.client.get("/providers/snom/00-04-13-AA-BB-03")).json()
    assert other["presence"] == "other_account"


async def test_deregister_removes_and_then_is_404(harness: Harness) -> None:
    """DELETE removes the redirection (200, Outcome JSON); a second DELETE is 404 not_registered."""
    await harness.client.put(f"/providers/snom/{MAC}", json={"url": URL})
    response = await harness.client.delete(f"/providers/snom/{MAC}")
    assert response.status_code == 200 and response.json()["operation"] == "deregister"
    assert BARE not in harness.sim("snom").registry
    again = await harness.client.delete(f"/providers/snom/{MAC}")
    assert again.status_code == 404 and again.json()["error"] == "not_registered"


async def test_gigaset_check_and_delete_need_the_code(harness: Harness) -> None:
    """GET and DELETE on gigaset need ?crc= as PUT does (400 missing_mac-id_crc), and work with it."""
    path = "/providers/gigaset/7C-2F-80-C3-D4-21"
    assert (await harness.client.get(path)).json()["error"] == "missing_mac-id_crc"
    await harness.client.put(path, json={"url": URL}, params={"crc": "AB12"})
    assert (await harness.client.get(path, params={"crc": "AB12"})).json()["presence"] == "registered"
    assert (await harness.client.delete(path, params={"crc": "AB12"})).status_code == 200


async def test_delete_owned_by_other_is_500(harness: Harness) -> None:
    """Deleting another account's phone is 500 device_owned_by_other_user, and it stays there."""
    harness.sim("snom").give_to_other(BARE)
    response = await harness.client.delete(f"/providers/snom/{MAC}")
    assert response.status_code == 500 and response.json()["error"] == "device_owned_by_other_user"
    assert BARE in harness.sim("snom").registry


async def test_provider_list(harness: Harness) -> None:
    """GET /providers lists the offered providers with what they can do."""
    listed = {p["name"]: p for p in (await harness.client.get("/providers")).json()["providers"]}
    assert set(listed) == {"snom", "gigaset", "yealink", "fanvil", "ymcs", "grape", "sraps"}
    assert listed["gigaset"]["needs_crc"] and listed["ymcs"]["max_batch"] == 100


# -- batch jobs ----------------------------------------------------------------------------------------


async def test_batch_with_wait_answers_every_device(harness: Harness) -> None:
    """POST with ?wait= answers 200 with one result per device; bad input fails only that device."""
    harness.sim("snom").give_to_other("000413770102")
    macs = snom_macs(3)
    body = {"url": URL, "devices": [macs[0], {"mac": macs[1], "url": "https://other.example.com/p/"}, macs[2],
                                    "zz-not-a-mac", macs[0]]}
    response = await harness.client.post("/providers/snom", json=body, params={"wait": 10})
    assert response.status_code == 200 and response.headers["location"] == f"/jobs/{response.json()['id']}"
    job = response.json()
    assert job["state"] == "finished" and job["total"] == 5
    results = [(d["status"], d["error"]) for d in job["devices"]]
    assert results == [("registered", None), ("registered", None), ("failed", "device_owned_by_other_user"),
                       ("failed", "malformed_mac_address"), ("failed", "duplicate_mac_address")]
    registry = harness.sim("snom").registry
    assert registry["000413770100"].url == URL and registry["000413770101"].url == "https://other.example.com/p/"


async def test_batch_is_polled_until_finished(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """Without ?wait= the POST answers 202 at once; GET /jobs/{id} shows progress, then every result."""
    h = await make_harness()
    sandbox.set_faults(latency=0.05)
    macs = snom_macs(8)
    accepted = await h.client.post("/providers/snom", json={"url": URL, "devices": macs})
    assert accepted.status_code == 202 and accepted.json()["state"] == "running"
    location = accepted.headers["location"]
    for _ in range(200):
        job = (await h.client.get(location)).json()
        if job["state"] != "running":
            break
        await asyncio.sleep(0.05)
    assert job["state"] == "finished" and job["counts"] == {"registered": 8}
    assert all(mac.replace("-", "") in sandbox.simulator("snom").registry for mac in macs)


async def test_batch_groups_devices_for_ymcs(harness: Harness) -> None:
    """YMCS takes 100 devices per call: a job of 5 makes one addDevicesByMac call and returns PINs."""
    macs = [f"44-DB-D2-C3-E4-{i:02X}" for i in range(5)]
    job = (await harness.client.post("/providers/ymcs", json={"url": URL, "devices": macs},
                                     params={"wait": 10})).json()
    assert job["counts"] == {"registered": 5}
    assert harness.sim("ymcs").count("addDevicesByMac") == 1
    sim = harness.sim("ymcs")
    assert [d["device_pin"] for d in job["devices"]] == [sim.pin_of(m.replace("-", "")) for m in macs]


async def test_batch_retries_retryable_failures(harness: Harness) -> None:
    """A device whose call fails retryably (vendor 503) is retried and registered: attempts 2."""
    harness.sandbox.servers["snom"].script(Response(503, b"busy", [("Retry-After", "0")]))
    job = (await harness.client.post("/providers/snom", json={"url": URL, "devices": [MAC]},
                                     params={"wait": 20})).json()
    assert job["devices"][0]["status"] == "registered" and job["devices"][0]["attempts"] == 2


async def test_batch_check_and_deregister(harness: Harness) -> None:
    """Jobs also check (presence per device) and deregister."""
    macs = snom_macs(2, 0x200)
    await harness.client.put(f"/providers/snom/{macs[0]}", json={"url": URL})
    checked = (await harness.client.post("/providers/snom", json={"operation": "check", "devices": macs},
                                         params={"wait": 10})).json()
    assert [d["presence"] for d in checked["devices"]] == ["registered", "not_registered"]
    removed = (await harness.client.post("/providers/snom", json={"operation": "deregister", "devices": macs},
                                         params={"wait": 10})).json()
    assert [(d["status"], d["error"]) for d in removed["devices"]] == [("deregistered", None),
                                                                       ("failed", "not_registered")]


async def test_gigaset_batch_needs_codes(harness: Harness) -> None:
    """In a gigaset job each device needs its code (inline MAC-ID or "crc"); one without fails alone."""
    devices = [{"mac": "7C2F80C3D431", "crc": "AB12"}, "7C2F80C3D432-CD34", "7C2F80C3D433"]
    job = (await harness.client.post("/providers/gigaset", json={"url": URL, "devices": devices},
                                     params={"wait": 10})).json()
    assert [(d["status"], d["error"]) for d in job["devices"]] == [
        ("registered", None), ("registered", None), ("failed", "missing_mac-id_crc")]


@pytest.mark.parametrize(("body", "status", "code"), [
    (b"nope", 400, "invalid_request_body"),
    ([], 400, "invalid_request_body"),
    ({"devices": []}, 400, "invalid_request_body"),
    ({"devices": "AA"}, 400, "invalid_request_body"),
    ({"devices": [5]}, 400, "invalid_request_body"),
    ({"devices": [{"mac": 5}]}, 400, "invalid_request_body"),
    ({"operation": "format", "devices": [MAC]}, 400, "invalid_request_body"),
    ({"url": 3, "devices": [MAC]}, 400, "invalid_request_body"),
    ({"devices": [MAC] * 1001}, 413, "request_too_large"),
])
async def test_batch_structural_errors(harness: Harness, body: Any, status: int, code: str) -> None:
    """A body that is not a device list (or too long a list) fails the whole request."""
    kwargs = {"content": body} if isinstance(body, bytes) else {"json": body}
    response = await harness.client.post("/providers/snom", **kwargs)
    assert response.status_code == status and response.json()["error"] == code


async def test_batch_for_unknown_provider_is_404(harness: Harness) -> None:
    """POST /providers/{unknown} is 404 provider_not_supported, as PUT."""
    response = await harness.client.post("/providers/nokia", json={"devices": [MAC]})
    assert response.status_code == 404 and response.json()["error"] == "provider_not_supported"


@pytest.mark.parametrize("wait", ["-1", "61", "soon", "nan"])
async def test_bad_wait_is_400(harness: Harness, wait: str) -> None:
    """?wait= outside 0-60 seconds is 400 invalid_request_body."""
    response = await harness.client.post("/providers/snom", json={"devices": [MAC]}, params={"wait": wait})
    assert response.status_code == 400


async def test_jobs_belong_to_their_client(harness: Harness) -> None:
    """Another client cannot read or cancel a job (404); an id of another instance says so."""
    job = (await harness.client.post("/providers/snom", json={"url": URL, "devices": [MAC]},
                                     params={"wait": 10})).json()
    assert (await harness.client.get(f"/jobs/{job['id']}")).status_code == 200
    other = await harness.client.get(f"/jobs/{job['id']}", headers=bearer())
    assert other.status_code == 404 and other.json()["error"] == "job_not_found"
    assert (await harness.client.delete(f"/jobs/{job['id']}", headers=bearer())).status_code == 404
    elsewhere = await harness.client.get("/jobs/abcdef-0123456789abcdef")
    assert elsewhere.status_code == 404 and "another gateway instance" in elsewhere.json()["message"]


async def test_cancel_job(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """DELETE /jobs/{id} stops the job: devices not done become cancelled, the state is cancelled."""
    h = await make_harness(limits=PoolLimits(concurrency=1))
    sandbox.set_faults(latency=0.5)
    job_id = (await h.client.post("/providers/snom", json={"url": URL, "devices": snom_macs(6, 0x300)})).json()["id"]
    job = h.gateway.jobs.get(job_id, "nethvoice")
    await wait_until(lambda: any(d.status.value == "running" for d in job.items))
    cancelled = (await h.client.delete(f"/jobs/{job_id}")).json()
    assert cancelled["state"] == "cancelled" and cancelled["counts"] == {"cancelled": 6}


# -- limits ----------------------------------------------------------------------------------------------


async def test_body_over_the_limit_is_413(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """A declared body above --max-body is 413 request_too_large, before anything reaches a vendor."""
    h = await make_harness(max_body=2048)
    response = await h.client.put(f"/providers/snom/{MAC}", json={"url": URL + "?" + "x" * 4000})
    assert response.status_code == 413 and response.json()["error"] == "request_too_large"
    assert not sandbox.simulator("snom").calls


async def test_streamed_body_over_the_limit_is_413(live_server: LiveServer, sandbox: Sandbox) -> None:
    """A chunked body (no Content-Length) is cut off at the limit: 413 over a real socket."""
    limit = live_server.gateway.settings.max_body

    async def chunks() -> Any:
        for _ in range(limit // 1024 + 2):
            yield b" " * 1024

    async with httpx.AsyncClient(base_url=live_server.url, headers=basic()) as client:
        response = await client.post("/providers/snom", content=chunks())
    assert response.status_code == 413 and response.json()["error"] == "request_too_large"


async def test_concurrency_is_shared_by_puts_and_jobs(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """Parallel PUTs and a job on one account never run more vendor calls at once than its limit."""
    h = await make_harness(limits=PoolLimits(concurrency=2))
    sandbox.set_faults(latency=0.05)
    provider = h.gateway.service.pool("snom").provider
    real_register = provider._register
    active, peak = [0], [0]

    async def counted(*args: Any) -> Any:  # a spy: the real call still goes to the simulator
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        try:
            return await real_register(*args)
        finally:
            active[0] -= 1

    provider._register = counted  # type: ignore[method-assign,assignment]
    puts = [h.client.put(f"/providers/snom/{mac}", json={"url": URL}) for mac in snom_macs(6, 0x400)]
    job = h.client.post("/providers/snom", json={"url": URL, "devices": snom_macs(6, 0x500)}, params={"wait": 20})
    responses = await asyncio.gather(*puts, job)
    assert all(r.status_code == 200 for r in responses)
    assert peak[0] == 2 and len(sandbox.simulator("snom").registry) >= 12


async def test_full_queue_is_503_with_retry_after(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """Beyond the waiting limit callers get 503 gateway_busy with Retry-After instead of queueing forever."""
    h = await make_harness(limits=PoolLimits(concurrency=1, queue_limit=1))
    sandbox.set_faults(latency=0.5)
    responses = await asyncio.gather(*(h.client.put(f"/providers/snom/{mac}", json={"url": URL})
                                       for mac in snom_macs(4, 0x600)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 200, 503, 503]
    busy = next(r for r in responses if r.status_code == 503)
    assert busy.json()["error"] == "gateway_busy" and busy.headers["retry-after"] == "1"


async def test_breaker_stops_calls_after_repeated_auth_failures(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """After 3 refused logins in a row the account answers authentication_failed without calling the vendor."""
    h = await make_harness(env_changes={"SNOM_PASSWORD": "wrong-password-1234"})
    for _ in range(3):
        assert (await h.client.put(f"/providers/snom/{MAC}", json={"url": URL})).json()["error"] == \
            "authentication_failed"
    calls = len(sandbox.simulator("snom").calls)
    blocked = await h.client.put(f"/providers/snom/{MAC}", json={"url": URL})
    assert blocked.status_code == 500 and blocked.json()["error"] == "authentication_failed"
    assert "Not attempted" in blocked.json()["message"] and blocked.headers["retry-after"] == "60"
    assert len(sandbox.simulator("snom").calls) == calls


# -- shutdown ----------------------------------------------------------------------------------------------


async def test_shutdown_finishes_calls_in_flight_and_refuses_new_ones(make_harness: MakeHarness,
                                                                       sandbox: Sandbox) -> None:
    """At shutdown a call in flight completes (200), health turns 503, a new call is 503, clients close."""
    h = await make_harness(grace=5.0)
    sandbox.set_faults(latency=0.3)
    in_flight = asyncio.ensure_future(h.client.put(f"/providers/snom/{MAC}", json={"url": URL}))
    await wait_until(lambda: h.gateway.service.pools.get("snom") is not None
                     and h.gateway.service.pools["snom"].in_flight == 1)
    client = h.gateway.service.pools["snom"].provider.client
    closing = asyncio.ensure_future(h.gateway.shutdown())
    await asyncio.sleep(0.05)
    assert (await h.client.get("/health/check")).status_code == 503
    late = await h.client.put("/providers/yealink/00-15-65-AA-BB-01", json={"url": URL})
    assert late.status_code == 503 and late.json()["error"] == "gateway_busy"
    assert (await in_flight).status_code == 200
    await closing
    assert client.is_closed and BARE in sandbox.simulator("snom").registry


async def test_shutdown_cancels_job_devices_not_started(make_harness: MakeHarness, sandbox: Sandbox) -> None:
    """At shutdown a job starts no new device: those in flight finish, the rest are cancelled."""
    h = await make_harness(limits=PoolLimits(concurrency=1), grace=5.0)
    sandbox.set_faults(latency=0.2)
    job_id = (await h.client.post("/providers/snom", json={"url": URL, "devices": snom_macs(5, 0x700)})).json()["id"]
    job = h.gateway.jobs.get(job_id, "nethvoice")
    await wait_until(lambda: any(d.status.value == "running" for d in job.items))
    await h.gateway.shutdown()
    counts = job.counts()
    assert job.state.value == "cancelled" and counts.get("registered") == 1 and counts.get("cancelled") == 4


# -- the HTTP edges -----------------------------------------------------------------------------------------


async def test_request_id_is_echoed_or_made(harness: Harness) -> None:
    """A sane X-Request-ID is echoed; a missing or hostile one is replaced by a fresh id."""
    echoed = await harness.client.get("/health/check", headers={"X-Request-ID": "lb-42.abc"})
    assert echoed.headers["x-request-id"] == "lb-42.abc"
    fresh = await harness.client.get("/health/check", headers={"X-Request-ID": "bad id\twith tab"})
    assert fresh.headers["x-request-id"] != "bad id\twith tab" and len(fresh.headers["x-request-id"]) == 16


async def test_access_log_is_json_without_secrets(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    """One JSON line per request with client, provider, MAC, status and error -- no URL, query or credential."""
    secret_url = "https://pbx.example.com/prov/?token=s3cr3t-provisioning-token"
    with caplog.at_level(logging.INFO, logger="falconieri_desktop.server.access"):
        await harness.client.put(f"/providers/snom/{MAC}", json={"url": secret_url})
        await harness.client.put("/providers/gigaset/7C-2F-80-C3-D4-41", json={"url": URL},
                                 params={"crc": "zz!!", "token": "s3cr3t-query"})
    lines = [r.getMessage() for r in caplog.records if r.name == "falconieri_desktop.server.access"]
    first, second = (json.loads(line) for line in lines)
    assert first["status"] == 200 and first["client"] == "nethvoice" and first["mac"] == MAC
    assert first["provider"] == "snom" and first["duration_ms"] >= 0
    assert second["status"] == 400 and second["error"] == "invalid_mac-id_crc_format"
    text = "\n".join(lines)
    assert "s3cr3t" not in text and "Basic" not in text and "crc=" not in text


async def test_unknown_routes_and_methods_answer_json(harness: Harness) -> None:
    """Unknown paths are 404 and wrong methods 405 (with Allow), both as JSON no_such_endpoint."""
    missing = await harness.client.get("/v2/devices")
    assert missing.status_code == 404 and missing.json()["error"] == "no_such_endpoint"
    wrong = await harness.client.patch(f"/providers/snom/{MAC}")
    assert wrong.status_code == 405 and "PUT" in wrong.headers["allow"] and "DELETE" in wrong.headers["allow"]


# -- configuration by stored accounts -------------------------------------------------------------------


async def test_named_accounts_configure_the_gateway(sandbox: Sandbox) -> None:
    """With stored accounts (and no environment) the default account serves, with its own concurrency limit."""
    store = AccountStore.ephemeral()
    snom = sandbox.settings("snom")
    account = store.add("snom", "Acme Snom", snom.secret, user=snom.user, endpoint=snom.endpoint, concurrency=3)
    entries = load_providers(env={}, accounts=AccountLayer(store, env={}),
                             account_concurrency=lambda account_id: store.get_by_id(account_id).concurrency)
    assert entries["snom"].enabled and not entries["yealink"].enabled
    gateway = Gateway.build(GatewayService(entries), ServerSettings(no_auth=True), None)
    async with gateway.running(), httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(gateway)),
                                                    base_url="http://gateway.test") as client:
        assert (await client.put(f"/providers/snom/{MAC}", json={"url": URL})).status_code == 200
        listed = (await client.get("/providers")).json()["providers"]
    assert listed == [{"name": "snom", "label": "Snom (XML-RPC)", "can_check": True, "can_deregister": True,
                       "needs_crc": False, "max_batch": 1, "concurrency": 3}]
    assert entries["snom"].resolved is not None and entries["snom"].resolved.settings.account_id == account.id
    assert sandbox.simulator("snom").registry[BARE].url == URL
