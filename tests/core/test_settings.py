"""core.settings: declared options, validation, the JSON file, and the network settings it yields."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest

from falconieri_desktop.core.errors import ConfigError, InputError
from falconieri_desktop.core.settings import (
    MAX_RECENT_URLS,
    OPTIONS,
    SCHEMA_VERSION,
    Settings,
    config_dir,
    load_settings,
    log_dir,
    network_settings,
    settings_path,
)
from falconieri_desktop.providers.transport import NetworkSettings


def test_every_option_is_documented_and_its_default_valid() -> None:
    """Each declared option has a description and a default that passes its own rules."""
    for key, option in OPTIONS.items():
        assert option.description, key
        assert "." in key and option.section in {"network", "engine", "ui"}
        assert option.coerce(option.default) == option.default or option.default is None


def test_tls_verification_cannot_be_switched_off() -> None:
    """There is no setting that disables certificate checks."""
    assert not [key for key in OPTIONS if any(word in key for word in ("verify_tls", "insecure", "ssl", "tls"))]


def test_defaults_match_the_transport_defaults(tmp_path: Path) -> None:
    """With no file, network() gives exactly the transport's defaults."""
    settings = Settings.load(tmp_path / "settings.json")
    assert settings.network() == NetworkSettings()
    engine = settings.engine()
    assert (engine.concurrency, engine.attempts, engine.verify_after_register) == (None, 4, False)


def test_save_writes_only_changes_atomically_and_privately(tmp_path: Path) -> None:
    """The file holds the schema and only changed values; mode 0600; no temp files left."""
    path = tmp_path / "cfg" / "settings.json"
    settings = Settings(path=path)
    settings.set("network.read_timeout", "45")
    settings.set("network.proxy", "http://proxy.example.com:3128")
    settings.save()
    data = json.loads(path.read_text())
    assert data == {"schema": SCHEMA_VERSION,
                    "settings": {"network.proxy": "http://proxy.example.com:3128", "network.read_timeout": 45.0}}
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]
    again = Settings.load(path)
    assert again.network().read_timeout == 45.0 and again.network().proxy == "http://proxy.example.com:3128"
    again.reset("network.proxy")
    again.save()
    assert Settings.load(path).get("network.proxy") is None


@pytest.mark.parametrize(("key", "value", "fragment"), [
    ("network.connect_timeout", "0", "at least 0.5"),
    ("network.read_timeout", "abc", "must be a number"),
    ("network.read_timeout", True, "must be a number"),
    ("network.proxy", "ftp://proxy:21", "http, https or socks5"),
    ("network.proxy", "http://user:pw@proxy:3128", "must not contain a password"),
    ("network.proxy", "http://proxy:99999", "not a valid URL"),
    ("engine.concurrency", "0", "at least 1"),
    ("engine.attempts", "2.5", "integer"),
    ("engine.verify_after_register", "maybe", "true or false"),
    ("ui.language", "english", "language code"),
    ("ui.url_templates", '{"snom": "https://u:p@pbx/prov"}', "password"),
    ("ui.url_templates", "[1]", "must map names to strings"),
    ("ui.recent_urls", "not json", "JSON list"),
    ("network.ca_bundle", "/nonexistent/ca.pem", "not a file"),
    ("no.such", "1", "no setting named"),
])
def test_invalid_values_are_refused_with_a_clear_message(key: str, value: object, fragment: str) -> None:
    """set() refuses a bad value with invalid_option and a sentence naming the setting and the rule."""
    settings = Settings()
    with pytest.raises(InputError) as caught:
        settings.set(key, value)
    assert caught.value.code == "invalid_option"
    assert fragment in caught.value.message
    if key in OPTIONS:
        assert key in caught.value.message


def test_text_values_are_parsed() -> None:
    """Values typed on a command line become the option's type; '' clears an optional value."""
    settings = Settings()
    settings.set("engine.verify_after_register", "yes")
    settings.set("engine.concurrency", " 8 ")
    settings.set("ui.url_templates", '{"snom": "https://pbx.example.com/prov/{mac}.xml"}')
    settings.set("network.proxy", "")
    assert settings.get("engine.verify_after_register") is True
    assert settings.get("engine.concurrency") == 8
    assert settings.get("ui.url_templates") == {"snom": "https://pbx.example.com/prov/{mac}.xml"}
    assert settings.get("network.proxy") is None


def test_unknown_keys_are_kept_and_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Settings written by a newer version survive a save and are named in a warning."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema": 1, "settings": {"future.thing": [1, 2], "engine.attempts": 5}}))
    with caplog.at_level(logging.WARNING):
        settings = Settings.load(path)
    assert "future.thing" in caplog.text
    assert settings.unknown_keys == ("future.thing",) and settings.get("engine.attempts") == 5
    settings.set("engine.attempts", 4)
    settings.save()
    assert json.loads(path.read_text())["settings"] == {"future.thing": [1, 2], "engine.attempts": 4}


def test_invalid_value_in_the_file_falls_back_to_the_default(tmp_path: Path) -> None:
    """A hand-edited bad value does not stop the app: default used, problem recorded."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"schema": 1, "settings": {"network.read_timeout": -3, "engine.attempts": 2}}))
    settings = Settings.load(path)
    assert settings.get("network.read_timeout") == NetworkSettings().read_timeout
    assert settings.get("engine.attempts") == 2
    assert len(settings.problems) == 1 and "network.read_timeout" in settings.problems[0]


def test_broken_file_is_a_config_error(tmp_path: Path) -> None:
    """A settings file that is not JSON is invalid_configuration naming the file."""
    path = tmp_path / "settings.json"
    path.write_text("{oops")
    with pytest.raises(ConfigError) as caught:
        Settings.load(path)
    assert caught.value.code == "invalid_configuration" and str(path) in caught.value.message


def test_ca_bundle_flows_into_network_settings(tmp_path: Path) -> None:
    """A CA bundle that exists is passed on; one that vanished later is a clear config error."""
    bundle = tmp_path / "corp-ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    path = tmp_path / "settings.json"
    settings = Settings(path=path)
    settings.set("network.ca_bundle", str(bundle))
    settings.save()
    assert network_settings(path).ca_bundle == bundle
    bundle.unlink()
    with pytest.raises(ConfigError) as caught:
        network_settings(path)
    assert "corp-ca.pem" in caught.value.message


def test_recent_urls_are_deduplicated_capped_and_never_hold_passwords() -> None:
    """add_recent_url keeps the newest first, no duplicates, at most the cap, no user:password@ URLs."""
    settings = Settings()
    for i in range(MAX_RECENT_URLS + 5):
        settings.add_recent_url(f"https://pbx{i}.example.com/prov/")
    settings.add_recent_url("https://pbx3.example.com/prov/")
    settings.add_recent_url("https://admin:hunter2@pbx.example.com/prov/")
    recent = settings.get("ui.recent_urls")
    assert len(recent) == MAX_RECENT_URLS
    assert recent[0] == "https://pbx3.example.com/prov/" and recent.count("https://pbx3.example.com/prov/") == 1
    assert not any("hunter2" in url for url in recent)


def test_get_returns_copies() -> None:
    """Mutating a returned list does not change the setting behind the validator's back."""
    settings = Settings()
    settings.get("ui.recent_urls").append("https://x.example.com/")
    assert settings.get("ui.recent_urls") == []


def test_paths_follow_platformdirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Config and log directories honour XDG variables (how tests and the leak test isolate them)."""
    if os.name != "posix" or os.uname().sysname == "Darwin":
        pytest.skip("XDG directories are a Linux/BSD convention")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "s"))
    assert config_dir() == tmp_path / "c" / "falconieri-desktop"
    assert settings_path() == tmp_path / "c" / "falconieri-desktop" / "settings.json"
    assert log_dir().is_relative_to(tmp_path / "s")
    assert load_settings().path == settings_path()
