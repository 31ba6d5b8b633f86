"""The simulators in a child process (``falconieri sandbox --json``), for whoever must not share a GIL.

The desktop's sandbox mode runs them this way: in-process, the simulators' request handling
competes with the GUI thread for the interpreter lock and shows up as stutter during a large
batch (benchmarks/ui.py). Benchmarks use it too, so CPU figures count only the client.
The child stops when this process closes its standard input -- also when this process dies.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from falconieri_desktop.providers.base import ProviderSettings

__all__ = ["SandboxProcess", "cli_command"]


def cli_command() -> list[str]:
    """How to run the ``falconieri`` CLI from here: the bundled executable when frozen."""
    if getattr(sys, "frozen", False):
        folder = Path(sys.executable).resolve().parent
        name = "falconieri.exe" if sys.platform == "win32" else "falconieri"
        return [str(folder / name)]
    return [sys.executable, "-m", "falconieri_desktop.cli"]


class SandboxProcess:
    """Starts ``falconieri sandbox`` in a child process and knows its endpoints and accounts."""

    def __init__(self, providers: Iterable[str] | None = None, *, latency: float = 0.0, fail_rate: float = 0.0,
                 demo: bool = True, extra_args: Sequence[str] = (), timeout: float = 30.0) -> None:
        command = [*cli_command(), "sandbox", "--json", "--exit-with-stdin", "--latency", str(latency),
                   "--fail-rate", str(fail_rate), *extra_args]
        if providers is not None:
            command += ["--providers", ",".join(providers)]
        if not demo:
            command.append("--no-demo")
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, text=True, **_lower_priority())
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError("the sandbox process did not start")
        info: dict[str, Any] = json.loads(line)
        self.endpoints: dict[str, str] = info["endpoints"]
        self.env: dict[str, str] = info["env"]
        self._accounts: dict[str, dict[str, Any]] = info["accounts"]

    @property
    def providers(self) -> list[str]:
        return list(self._accounts)

    def settings(self, provider: str) -> ProviderSettings:
        """Endpoint and credentials of the sandbox account for ``provider``."""
        account = self._accounts[provider]
        return ProviderSettings(provider=provider, endpoint=account["endpoint"], user=account["user"],
                                secret=account["secret"], options=account.get("options") or {}, source="sandbox")

    def stop(self, timeout: float = 10.0) -> None:
        if self._process.poll() is not None:
            return
        try:
            if self._process.stdin is not None:
                self._process.stdin.close()  # --exit-with-stdin: the child stops on EOF
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout)

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _lower_priority() -> dict[str, Any]:
    """Simulators yield the CPU to the app that uses them (on a 2-core laptop they compete)."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.BELOW_NORMAL_PRIORITY_CLASS}  # type: ignore[attr-defined]
    return {"preexec_fn": lambda: os.nice(10)}
