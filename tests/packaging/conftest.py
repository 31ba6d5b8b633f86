"""The bundle test goes first in the run.

It takes about a minute; under xdist (``python3 dev.py test`` runs two workers) the first test goes
to the first worker, so the build overlaps the rest of the suite on the other worker instead of
starting last and adding its whole minute to the run.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("bundle") is None)  # stable: the rest keep their order
