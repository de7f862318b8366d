"""One settings module; DATABASE_URL, REDIS_URL and OA_ENV decide the rest."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from oa import config

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "db_name": settings.DATABASES["default"]["NAME"],
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}),
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "static_autorefresh": settings.WHITENOISE_AUTOREFRESH,
    "static_finders": settings.WHITENOISE_USE_FINDERS,
    "require_2fa": settings.OA_REQUIRE_2FA,
    "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "media": str(settings.MEDIA_ROOT),
}))
"""


def _settings_under(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "REDIS_URL", "OA_ENV", "SECRET_KEY", "MEDIA_ROOT", "OA_DEBUG")}
    clean.update({"DJANGO_SETTINGS_MODULE": "oa.settings", "OA_VAR_DIR": str(tmp_path / "var"), **env})
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_is_sqlite_wal_with_in_memory_layers(tmp_path):
    probe = _settings_under(tmp_path)
    assert probe["db"] == "django.db.backends.sqlite3"
    assert probe["db_name"] == str(tmp_path / "var" / "oa.sqlite3")
    assert probe["db_options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in probe["db_options"]["init_command"]
    assert probe["db_options"]["timeout"] >= 5
    assert probe["layer"] == "channels.layers.InMemoryChannelLayer"
    assert probe["cache"].endswith("LocMemCache")
    assert probe["require_2fa"] is False
    assert (tmp_path / "var" / "secret_key").exists()  # generated once, kept under var/


def test_debug_pages_only_when_asked_for_and_static_files_served_without_them(tmp_path):
    """Development is not debug: a 404 must not list the URL patterns unless OA_DEBUG=1 says so.
    WhiteNoise serves the static files from the source folders either way (`make run`)."""
    probe = _settings_under(tmp_path)
    assert probe["debug"] is False
    assert probe["static_finders"] is True and probe["static_autorefresh"] is True
    assert _settings_under(tmp_path, OA_DEBUG="1")["debug"] is True
    assert _settings_under(tmp_path, OA_ENV="production", SECRET_KEY="k" * 64, OA_DEBUG="0")["static_finders"] is False


def test_secret_key_is_generated_once_and_reused(tmp_path):
    _settings_under(tmp_path)
    first = (tmp_path / "var" / "secret_key").read_text()
    _settings_under(tmp_path)
    assert (tmp_path / "var" / "secret_key").read_text() == first and len(first) >= 50


def test_database_url_and_redis_url_switch_to_postgresql_and_redis(tmp_path):
    probe = _settings_under(
        tmp_path, DATABASE_URL="postgres://oa@db.internal:5432/oa", REDIS_URL="redis://cache.internal:6379/2",
        MEDIA_ROOT=str(tmp_path / "files"),
    )
    assert probe["db"] == "django.db.backends.postgresql" and probe["db_name"] == "oa"
    assert probe["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert probe["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert probe["media"] == str(tmp_path / "files")


def test_production_switches_on_hardening_and_two_factor(tmp_path):
    probe = _settings_under(tmp_path, OA_ENV="production", SECRET_KEY="k" * 64, ALLOWED_HOSTS="oa.example.gov.cn")
    assert probe["debug"] is False and probe["require_2fa"] is True and probe["ssl_redirect"] is True


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="oa.settings", OA_ENV="production", OA_VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "SECRET_KEY is required" in result.stderr


def test_config_rejects_what_it_cannot_serve(tmp_path):
    with pytest.raises(ImproperlyConfigured):
        config.database_config({"DATABASE_URL": "mysql://x@y/z"}, tmp_path)
    with pytest.raises(ImproperlyConfigured):
        config.env_int({"N": "many"}, "N", 1)
    with pytest.raises(ImproperlyConfigured):
        config.tasks_config({"OA_TASKS_BACKEND": "celery"})
    assert config.database_config({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}, tmp_path)["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_this_test_run_uses_what_the_environment_asked_for(settings):
    """CI runs the suite twice; this proves each run really is on the database it claims."""
    wanted = os.environ.get("DATABASE_URL", "")
    engine = settings.DATABASES["default"]["ENGINE"]
    assert engine.endswith("postgresql" if wanted.startswith("postgres") else "sqlite3")
    wanted_redis = bool(os.environ.get("REDIS_URL"))
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis") == wanted_redis
