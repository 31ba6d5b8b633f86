"""falconieri's configuration keys and variables for the REST providers (environment first)."""

from __future__ import annotations

import pytest

from falconieri_desktop.core.config import CallConfig, resolve
from falconieri_desktop.core.errors import ConfigError
from falconieri_desktop.providers import PROVIDERS


@pytest.mark.parametrize("name", ["ymcs", "grape", "sraps"])
def test_env_names_are_falconieris(name: str) -> None:
    """{NAME}_BASE_URL, _CLIENT_ID, _CLIENT_SECRET and _DISABLE, as falconieri's README lists them."""
    prefix = name.upper()
    assert PROVIDERS[name].info.env_names == {
        "endpoint": f"{prefix}_BASE_URL", "user": f"{prefix}_CLIENT_ID",
        "secret": f"{prefix}_CLIENT_SECRET", "disable": f"{prefix}_DISABLE"}


@pytest.mark.parametrize("name", ["ymcs", "grape", "sraps"])
def test_conf_json_keys_and_environment_first(name: str) -> None:
    """conf.json's base_url/client_id/client_secret are read; the environment wins over them."""
    conf = {"providers": {name: {"base_url": "https://file.example.com/", "client_id": "file-id",
                                 "client_secret": "file-secret"}}}
    from_file = resolve(name, CallConfig(env={}, conf=conf)).settings
    assert (from_file.endpoint, from_file.user, from_file.secret) == ("https://file.example.com/", "file-id",
                                                                      "file-secret")
    prefix = name.upper()
    env = {f"{prefix}_BASE_URL": "https://env.example.com/", f"{prefix}_CLIENT_ID": "env-id",
           f"{prefix}_CLIENT_SECRET": "env-secret"}
    from_env = resolve(name, CallConfig(env=env, conf=conf)).settings
    assert (from_env.endpoint, from_env.user, from_env.secret) == ("https://env.example.com/", "env-id", "env-secret")


@pytest.mark.parametrize("name", ["ymcs", "grape", "sraps"])
def test_disable_and_default_endpoint(name: str) -> None:
    """{NAME}_DISABLE=true turns the provider off; without base_url the vendor's endpoint is used."""
    with pytest.raises(ConfigError) as caught:
        resolve(name, CallConfig(env={f"{name.upper()}_DISABLE": "true", f"{name.upper()}_CLIENT_SECRET": "x"}))
    assert caught.value.code == "provider_disabled"
    settings = resolve(name, CallConfig(env={f"{name.upper()}_CLIENT_ID": "i", f"{name.upper()}_CLIENT_SECRET": "s"}))
    assert settings.settings.endpoint == {"ymcs": "https://eu-api.ymcs.yealink.com",
                                          "grape": "https://api.grape.gigaset.net/api/v1/",
                                          "sraps": "https://api.sraps.snom.com/api/v1/"}[name]
