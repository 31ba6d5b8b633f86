"""Snom SRAPS (Secure Redirection and Provisioning Service): GRAPE's protocol, Snom's setting.

The Hawk client lives in ``providers.grape`` (falconieri too drives both with one library); SRAPS
keeps the provisioning URL in the ``setting_server`` setting.
"""

from __future__ import annotations

from falconieri_desktop.core.mac import MacStyle
from falconieri_desktop.providers.base import ProviderInfo
from falconieri_desktop.providers.grape import HAWK_REST_CAPABILITIES, HawkRestProvider

__all__ = ["SrapsProvider"]


class SrapsProvider(HawkRestProvider):
    """Snom SRAPS over REST with Hawk signing."""

    setting_name = "setting_server"
    info = ProviderInfo(
        name="sraps",
        label="Snom SRAPS (REST)",
        vendor="snom",
        protocol="rest",
        default_endpoint="https://api.sraps.snom.com/api/v1/",
        mac_style=MacStyle.BARE_LOWER,
        capabilities=HAWK_REST_CAPABILITIES,
        env_prefix="SRAPS",
        endpoint_key="base_url",
        user_key="client_id",
        secret_key="client_secret",
        user_label="Hawk ID",
        secret_label="Hawk key",
        placeholder_vendor="snom",
    )
