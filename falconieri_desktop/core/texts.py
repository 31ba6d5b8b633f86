"""Sentences the core shows to people, translatable by a user interface.

The core speaks English and knows nothing of Qt. A ``Text`` *is* the English sentence -- a
``str``, so logs, the CLI, reports and JSON use it as they always did -- and also keeps its
template and parameters, so the desktop app can show it in the user's language::

    QCoreApplication.translate("Core", t.template).format(**t.params)

tools/core_strings.py collects the template of every ``text("...")`` call in the core and the
providers for the translators; a test fails when one is missing from the Italian catalogue.
Error messages are not Texts: errors have codes, and the UI translates their summaries and hints.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["Text", "text"]


class Text(str):
    """An English sentence that remembers how it was made (template + parameters)."""

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, params: Mapping[str, Any]) -> Text:
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template = template
        self.params = dict(params)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return Text, (self.template, self.params)


def text(template: str, /, **params: Any) -> Text:
    """``template`` filled with ``params``: a string literal, so the translators' tool can find it."""
    return Text(template, params)
