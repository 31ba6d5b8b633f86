"""Guards against the PySide6 build that corrupts refcounts (6.12.0 on CPython 3.11).

With it, every Python virtual that returns None through a proxy model decrements None's refcount;
a model/view app aborts with "deallocating None" after a few thousand calls. pyproject pins
PySide6 below 6.12; this test fails if an installed PySide6 has the bug, whatever its version.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt


class _Model(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 50

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return None  # the case that leaked


def test_returning_none_through_a_proxy_keeps_nones_refcount(qapp) -> None:
    """2,000 data() calls returning None through a proxy leave None's refcount where it was."""
    model = _Model()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    before = sys.getrefcount(None)
    for i in range(2000):
        proxy.index(i % 50, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert sys.getrefcount(None) - before > -100
