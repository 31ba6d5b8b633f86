"""Plan first: offline preflight and the classification of checked rows (real sandbox checks)."""

from __future__ import annotations

from falconieri_desktop.core.config import CallConfig
from falconieri_desktop.core.devices import DeviceId
from falconieri_desktop.core.engine import BatchEngine, BatchSpec
from falconieri_desktop.core.mac import parse_mac
from falconieri_desktop.core.plan import PlanClass, PlanInput, ProviderChooser, check_jobs, classify, prepare, run_jobs
from falconieri_desktop.sandbox import Sandbox
from falconieri_desktop.sandbox.demo import DEMO_DEVICES, DEMO_PREVIOUS_URL
from tests.core.engine_fakes import collect, final_rows

URL = "https://pbx.example.com/provisioning/"


def _chooser(sandbox: Sandbox, *providers: str) -> ProviderChooser:
    env = {k: v for k, v in sandbox.env().items() if k.split("_")[0] in {p.upper() for p in providers}}
    return ProviderChooser(CallConfig(env=env))


def _input(row: int, mac: str, crc: str | None = None, **kw: object) -> PlanInput:
    return PlanInput(row, DeviceId(parse_mac(mac), crc), **kw)  # type: ignore[arg-type]


def test_prepare_resolves_auto_providers_and_flags_what_cannot_be_sent(sandbox: Sandbox) -> None:
    """Auto picks the provider with credentials from the MAC range; missing data is named per row."""
    chooser = _chooser(sandbox, "snom", "gigaset")
    rows = prepare([
        _input(1, "000413AA0001"),
        _input(2, "7C2F80AA0002"),  # Gigaset without its code
        _input(3, "805EC0AA0003"),  # Yealink: no credentials configured here
        _input(4, "020000AA0004"),  # no vendor range
        PlanInput(5, None, problems=(("malformed_mac_address", "bad"),)),
        _input(6, "000413AA0006", url="gopher://x/"),
        _input(7, "000413AA0001", duplicate_of=1),
    ], chooser, default_url=URL)
    by_row = {r.row: r for r in rows}
    assert by_row[1].klass is PlanClass.PENDING and by_row[1].resolved.target == "snom"
    assert (by_row[2].klass, by_row[2].code) == (PlanClass.MISSING_DATA, "missing_mac-id_crc")
    assert (by_row[3].klass, by_row[3].code) == (PlanClass.MISSING_DATA, "missing_credentials")
    assert (by_row[4].klass, by_row[4].code) == (PlanClass.MISSING_DATA, "provider_not_supported")
    assert by_row[5].klass is PlanClass.INVALID
    assert (by_row[6].klass, by_row[6].code) == (PlanClass.INVALID, "unsupported_url_scheme")
    assert by_row[7].klass is PlanClass.INVALID


def test_checks_classify_every_case_and_nothing_is_written(sandbox: Sandbox) -> None:
    """new / override / already correct / conflict from real checks; the vendor's registry is unchanged."""
    snom = {d.state: d for d in DEMO_DEVICES if d.provider == "snom"}
    gigaset = next(d for d in DEMO_DEVICES if d.provider == "gigaset" and d.state == "registered")
    sim = sandbox.simulator("snom")
    sim.own("000413AA0100", URL)  # already correct
    chooser = _chooser(sandbox, "snom", "gigaset")
    rows = prepare([_input(1, snom["new"].mac), _input(2, snom["registered"].mac), _input(3, "000413AA0100"),
                    _input(4, snom["other_account"].mac), _input(5, gigaset.mac, gigaset.crc)], chooser,
                   default_url=URL)
    before = {mac: (r.url, r.owner) for mac, r in sim.registry.items()}
    with BatchEngine() as engine:
        engine.submit(BatchSpec("plan", check_jobs(rows), journal=False))
        finals = final_rows(collect(engine, "plan"))
    classes = {r.row: classify(r, finals.get(r.row)).klass for r in rows}
    assert classes == {1: PlanClass.NEW, 2: PlanClass.OVERRIDE, 3: PlanClass.ALREADY_CORRECT,
                       4: PlanClass.CONFLICT,
                       # Gigaset says "registered" but not to which URL: an override, never "correct".
                       5: PlanClass.OVERRIDE}
    assert {mac: (r.url, r.owner) for mac, r in sim.registry.items()} == before
    assert sandbox.simulator("gigaset").registry[gigaset.mac].url == DEMO_PREVIOUS_URL
    planned = [classify(r, finals.get(r.row)) for r in rows]
    jobs, held = run_jobs(planned)
    assert sorted(j.row_id for j in jobs) == [1, 2, 4, 5] and [r.row for r in held] == [3]
    jobs, held = run_jobs(planned, force=True)
    assert len(jobs) == 5 and held == []
