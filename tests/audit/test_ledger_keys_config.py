"""Where the ledger's key comes from (oa/config.py::ledger_keys) and `check --deploy` (audit.W001)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from oa import config
from oa.audit.checks import ledger_key_from_environment

KEY = "x" * 40


def test_the_environment_key_with_its_id(tmp_path):
    assert config.ledger_keys({"OA_LEDGER_KEY": KEY, "OA_LEDGER_KEY_ID": "2027a"}, tmp_path) == ("2027a", {"2027a": KEY}, "environment")
    assert not (tmp_path / "ledger_key").exists()  # nothing written when the environment gives the key


def test_without_it_a_key_file_is_made_once_and_kept(tmp_path):
    key_id, keyring, source = config.ledger_keys({}, tmp_path)
    assert (key_id, source) == ("local", "file") and len(keyring["local"]) >= 32
    assert (tmp_path / "ledger_key").stat().st_mode & 0o777 == 0o600
    assert config.ledger_keys({}, tmp_path)[1] == keyring


def test_rotation_keeps_the_old_keys_and_the_old_key_file(tmp_path):
    old = config.ledger_keys({}, tmp_path)[1]["local"]
    env = {"OA_LEDGER_KEY": KEY, "OA_LEDGER_KEY_ID": "k2", "OA_LEDGER_OLD_KEYS": f"k1:{'y' * 40}"}
    assert config.ledger_keys(env, tmp_path) == ("k2", {"k1": "y" * 40, "local": old, "k2": KEY}, "environment")


@pytest.mark.parametrize("env", [
    {"OA_LEDGER_KEY": "short"},
    {"OA_LEDGER_KEY": KEY, "OA_LEDGER_KEY_ID": "no spaces"},
    {"OA_LEDGER_KEY": KEY, "OA_LEDGER_OLD_KEYS": "k0"},
    {"OA_LEDGER_KEY": KEY, "OA_LEDGER_KEY_ID": "k1", "OA_LEDGER_OLD_KEYS": f"k1:{'y' * 40}"},  # one id, two keys
])
def test_bad_key_settings_are_refused(tmp_path, env):
    with pytest.raises(ImproperlyConfigured):
        config.ledger_keys(env, tmp_path)


def test_deploy_check_warns_when_the_key_is_not_from_the_environment(settings):
    settings.LEDGER_KEY_SOURCE = "file"
    assert [warning.id for warning in ledger_key_from_environment()] == ["audit.W001"]
    settings.LEDGER_KEY_SOURCE = "environment"
    assert ledger_key_from_environment() == []
