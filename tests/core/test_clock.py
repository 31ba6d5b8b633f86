"""Timestamps: the journal's and the events' format, and monotone within a run."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

from falconieri_desktop.core.clock import utc_now


def test_utc_now_is_iso8601_with_milliseconds_and_z() -> None:
    """'2025-03-01T09:15:02.120Z' and within a second of the system clock in UTC."""
    stamp = utc_now()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", stamp)
    parsed = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert abs(parsed.timestamp() - time.time()) < 1.0


def test_utc_now_never_goes_backwards_across_second_boundaries() -> None:
    """Consecutive stamps sort in time order, including across a cached-second change."""
    stamps = []
    end = time.time() + 1.2
    while time.time() < end:
        stamps.append(utc_now())
        time.sleep(0.003)
    assert stamps == sorted(stamps)
