"""core/texts.py: the core's sentences are plain English strings that remember their template."""

from __future__ import annotations

import json
import pickle

from falconieri_desktop.core.texts import Text, text


def test_a_text_is_its_english_sentence() -> None:
    sentence = text("Devices can be listed ({total} in this organisation).", total=12)
    assert sentence == "Devices can be listed (12 in this organisation)."
    assert isinstance(sentence, str) and json.dumps(sentence) == '"Devices can be listed (12 in this organisation)."'


def test_a_text_keeps_its_template_and_parameters_for_translation() -> None:
    sentence = text("The {provider} endpoint uses plain http://.", provider="Snom (XML-RPC)")
    assert (sentence.template, dict(sentence.params)) == ("The {provider} endpoint uses plain http://.",
                                                           {"provider": "Snom (XML-RPC)"})


def test_a_text_survives_pickling_with_its_template() -> None:
    copy = pickle.loads(pickle.dumps(text("Took {n}.", n=3)))
    assert isinstance(copy, Text) and copy == "Took 3." and copy.template == "Took {n}."


def test_every_sentence_of_the_core_is_listed_for_the_translators() -> None:
    """tools/core_strings.py finds the literal template of each text() call of core/ and providers/."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    try:
        import core_strings
    finally:
        sys.path.pop(0)
    templates = core_strings.sentence_templates()
    assert "The service answered." in templates
    assert "The {provider} endpoint uses plain http://: the credentials travel unencrypted." in templates
