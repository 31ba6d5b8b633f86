"""The application's services, built once at start and handed to the windows.

No Qt widget lives here: the context owns the settings, the accounts, the journal, the engine and
(in sandbox mode) the simulators, and knows the order to shut them down in::

    cancel batches -> wait for BatchFinished -> stop the engine loop -> close the journal
    -> stop the simulators
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from falconieri_desktop.core.accounts import Account, AccountStore
from falconieri_desktop.core.config import CallConfig, Resolved
from falconieri_desktop.core.engine import BatchEngine, RetryPolicy
from falconieri_desktop.core.errors import ConfigError
from falconieri_desktop.core.foreground import ForegroundGate
from falconieri_desktop.core.journal import Journal, default_journal_path
from falconieri_desktop.core.mac import VendorTable
from falconieri_desktop.core.plan import ProviderChooser
from falconieri_desktop.core.settings import Settings
from falconieri_desktop.providers import PROVIDERS
from falconieri_desktop.sandbox import SIMULATORS, Sandbox
from falconieri_desktop.sandbox.process import SandboxProcess

__all__ = ["AppContext"]

log = logging.getLogger(__name__)

SANDBOX_ACCOUNT_PREFIX = "Sandbox "


@dataclass
class AppContext:
    settings: Settings
    accounts: AccountStore
    journal: Journal
    engine: BatchEngine
    vendors: VendorTable
    sandbox: Sandbox | SandboxProcess | None = None
    temp_dirs: list[tempfile.TemporaryDirectory[str]] = field(default_factory=list)

    @property
    def sandbox_mode(self) -> bool:
        return self.sandbox is not None

    @classmethod
    def create(cls, *, sandbox: bool = False, settings: Settings | None = None,
               accounts: AccountStore | None = None, journal_path: Path | None = None,
               sandbox_latency: float = 0.15, sandbox_process: bool = False) -> AppContext:
        """Build every service. Sandbox mode: simulators, in-memory accounts, a throwaway journal.

        ``sandbox_process`` runs the simulators in a child process (the app does: they would
        otherwise compete with the GUI thread for the interpreter lock); tests keep them in-process
        to look into their registries.
        """
        temp_dirs: list[tempfile.TemporaryDirectory[str]] = []
        simulators: Sandbox | SandboxProcess | None = None
        if sandbox:
            # Nothing of sandbox mode touches the keyring or the real journal.
            settings = settings or Settings()
            if sandbox_process:
                simulators = SandboxProcess(latency=sandbox_latency)
            else:
                simulators = Sandbox(latency=sandbox_latency).start()
            accounts = accounts or AccountStore.ephemeral()
            for name in SIMULATORS:
                if name == "gateway":
                    continue
                sim_settings = simulators.settings(name)
                label = PROVIDERS[name].info.label
                accounts.add(name, f"{SANDBOX_ACCOUNT_PREFIX}{label}", sim_settings.secret,
                             user=sim_settings.user, endpoint=sim_settings.endpoint,
                             options=dict(sim_settings.options), default=True)
            if journal_path is None:
                folder = tempfile.TemporaryDirectory(prefix="falconieri-sandbox-")
                temp_dirs.append(folder)
                journal_path = Path(folder.name) / "journal.sqlite3"
        else:
            settings = settings or Settings.load()
            accounts = accounts or AccountStore.open()
        journal = Journal(journal_path or default_journal_path())
        mac_file = settings.get("ui.mac_ranges_file")
        try:
            vendors = VendorTable.load(Path(mac_file) if mac_file else None)
        except (OSError, ValueError) as exc:
            log.warning("MAC range file %s unusable (%s); using the built-in ranges", mac_file, exc)
            vendors = VendorTable.load()
        engine = BatchEngine(
            journal=journal,  # one Journal, a connection per thread: batch ownership is shared
            network=settings.network(),
            policy=_policy(settings),
            foreground=ForegroundGate(),  # held by the GUI thread while it paints the table or applies events
        ).start()
        return cls(settings, accounts, journal, engine, vendors, simulators, temp_dirs)

    # -- accounts as the UI sees them --------------------------------------------------------

    def account_list(self) -> list[Account]:
        try:
            return self.accounts.accounts()
        except ConfigError as exc:
            log.warning("accounts unavailable: %s", exc.message)
            return []

    def chooser(self) -> ProviderChooser:
        """Resolution for rows without an explicit account: stored accounts only (no environment),
        so what the window shows is what it uses."""
        return ProviderChooser(CallConfig(env={}, accounts=self.accounts), vendors=self.vendors)

    def resolve_account(self, account_id: str) -> Resolved:
        account = self.accounts.get_by_id(account_id)
        return Resolved(account.provider, self.accounts.settings(account), account.provider)

    def new_batch_tag(self) -> str:
        return uuid.uuid4().hex[:8]

    def apply_settings(self) -> None:
        """Settings edited in the dialog that can apply without a restart: the MAC ranges, the
        retry policy, and the network settings of accounts first used from now on."""
        mac_file = self.settings.get("ui.mac_ranges_file")
        try:
            self.vendors = VendorTable.load(Path(mac_file) if mac_file else None)
        except (OSError, ValueError) as exc:
            log.warning("MAC range file %s unusable (%s); keeping the previous ranges", mac_file, exc)
        self.engine.policy = _policy(self.settings)
        try:
            self.engine.network = self.settings.network()
        except ConfigError as exc:
            log.warning("network settings not applied: %s", exc.message)

    # -- shutdown --------------------------------------------------------------------------------

    def shutdown(self, timeout: float = 8.0) -> None:
        self.engine.shutdown(timeout)
        try:
            self.journal.close()
        except Exception:  # closing twice or after a failed open
            log.debug("journal close failed", exc_info=True)
        if self.sandbox is not None:
            self.sandbox.stop()
        for folder in self.temp_dirs:
            folder.cleanup()


def _policy(settings: Settings) -> RetryPolicy:
    engine = settings.engine()
    return RetryPolicy(attempts=engine.attempts, deadline=engine.device_deadline)
