"""Snom SRAPS in miniature: the GRAPE simulator with Snom's ``setting_server`` setting."""

from __future__ import annotations

from falconieri_desktop.sandbox.grape import HawkRestSimulator

__all__ = ["SrapsSimulator"]


class SrapsSimulator(HawkRestSimulator):
    """Snom SRAPS: the provisioning URL lives in ``setting_server``."""

    provider = "sraps"
    setting_name = "setting_server"
