"""Turning environment variables into Django settings.

Pure functions of an environment mapping, so that `oa/settings.py` stays a flat list of
assignments and every switch (SQLite or PostgreSQL, in-memory or Redis) can be tested without
re-importing the settings module.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}


def env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in TRUE_VALUES


def env_int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


def env_list(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    value = env.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def sqlite_database(path: Path) -> dict:
    """The embedded default: one file, WAL, writers queue instead of failing."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        },
        "TEST": {"NAME": str(path.with_name(path.stem + "-test.sqlite3"))},
    }


def database_config(env: Mapping[str, str], var_dir: Path) -> dict:
    url = env.get("DATABASE_URL", "").strip()
    if not url:
        return sqlite_database(var_dir / "oa.sqlite3")
    if url.startswith("sqlite:"):
        config = dj_database_url.parse(url)
        return sqlite_database(Path(config["NAME"]))
    config = dj_database_url.parse(url, conn_max_age=env_int(env, "DB_CONN_MAX_AGE", 60), conn_health_checks=True)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL or SQLite")
    return config


def channel_layers_config(env: Mapping[str, str]) -> dict:
    url = env.get("REDIS_URL", "").strip()
    if not url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [url], "prefix": env.get("OA_CHANNEL_PREFIX", "oa")},
        }
    }


def caches_config(env: Mapping[str, str]) -> dict:
    url = env.get("REDIS_URL", "").strip()
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "oa"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env.get("OA_CACHE_PREFIX", "oa"),
        }
    }


def secret_key(env: Mapping[str, str], var_dir: Path, production: bool) -> str:
    """SECRET_KEY from the environment; for local runs generated once and kept under var/."""
    value = env.get("SECRET_KEY", "").strip()
    if value:
        if production and len(value) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production")
        return value
    if production:
        raise ImproperlyConfigured("SECRET_KEY is required when OA_ENV=production")
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(64)
    key_file.write_text(value)
    key_file.chmod(0o600)
    return value


_KEY_ID = re.compile(r"^[A-Za-z0-9._-]{1,32}$")


def _key_id(value: str, name: str) -> str:
    if not _KEY_ID.match(value):
        raise ImproperlyConfigured(f"{name}: a key id is 1–32 letters, digits, '.', '_' or '-', got {value!r}")
    return value


def ledger_keys(env: Mapping[str, str], var_dir: Path) -> tuple[str, dict[str, str], str]:
    """The ledger's HMAC keys (oa/audit/keys.py): (current key id, keyring id → key, where the current key came from).

    OA_LEDGER_KEY (with OA_LEDGER_KEY_ID, default "k1") is the current key; OA_LEDGER_OLD_KEYS
    ("id:key,id:key") keeps retired keys so that the entries they signed still verify. Without
    OA_LEDGER_KEY the key is generated once and kept in $OA_VAR_DIR/ledger_key (id "local"), like the
    secret key; `check --deploy` warns about that in production (audit.W001). An existing key file
    stays in the keyring after OA_LEDGER_KEY is set, so the entries signed with it keep verifying.
    """
    keyring: dict[str, str] = {}
    for item in env_list(env, "OA_LEDGER_OLD_KEYS", []):
        key_id, _, key = item.partition(":")
        if not key.strip():
            raise ImproperlyConfigured("OA_LEDGER_OLD_KEYS: each item is <key id>:<key>")
        keyring[_key_id(key_id.strip(), "OA_LEDGER_OLD_KEYS")] = key.strip()
    key_file = var_dir / "ledger_key"
    if key_file.exists():
        keyring.setdefault("local", key_file.read_text().strip())
    value = env.get("OA_LEDGER_KEY", "").strip()
    if value:
        if len(value) < 32:
            raise ImproperlyConfigured("OA_LEDGER_KEY must be at least 32 characters")
        key_id = _key_id(env.get("OA_LEDGER_KEY_ID", "").strip() or "k1", "OA_LEDGER_KEY_ID")
        if keyring.setdefault(key_id, value) != value:
            raise ImproperlyConfigured(f"OA_LEDGER_KEY_ID {key_id!r} names another key already: a new key needs a new id")
        return key_id, keyring, "environment"
    if "local" not in keyring:
        var_dir.mkdir(parents=True, exist_ok=True)
        keyring["local"] = secrets.token_urlsafe(48)
        key_file.write_text(keyring["local"])
        key_file.chmod(0o600)
    return "local", keyring, "file"


def tasks_config(env: Mapping[str, str]) -> dict:
    backend = env.get("OA_TASKS_BACKEND", "immediate").strip().lower()
    if backend == "database":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    if backend == "immediate":
        return {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    raise ImproperlyConfigured("OA_TASKS_BACKEND must be 'immediate' or 'database'")


# Media on S3-compatible object storage (docs/production.md "Media on object storage"): set
# OA_MEDIA_S3_BUCKET and the media go there through django-storages; unset, they stay on the local disk.
MEDIA_S3_VARIABLES = ("OA_MEDIA_S3_BUCKET", "OA_MEDIA_S3_ENDPOINT_URL", "OA_MEDIA_S3_ACCESS_KEY",
                      "OA_MEDIA_S3_SECRET_KEY", "OA_MEDIA_S3_REGION", "OA_MEDIA_S3_PREFIX", "OA_MEDIA_S3_VERIFY")


def media_storage_config(env: Mapping[str, str]) -> dict:
    """STORAGES["default"]: the local disk (MEDIA_ROOT) unless OA_MEDIA_S3_BUCKET names a bucket.

    The bucket is private: no object gets an ACL or a public URL; every file goes back out through a
    permission-checked view that streams it (oa/uploads/serving.py), so `querystring_auth` stays on and
    any URL the storage would make expires in a minute. Names are never overwritten (two attachments with
    the same bytes keep two objects, as on disk: deleting one never takes the other's bytes)."""
    bucket = (env.get("OA_MEDIA_S3_BUCKET") or "").strip()
    if not bucket:
        stray = [name for name in MEDIA_S3_VARIABLES[1:] if env.get(name)]
        if stray:
            raise ImproperlyConfigured(f"{', '.join(stray)} set without OA_MEDIA_S3_BUCKET")
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    access, secret = env.get("OA_MEDIA_S3_ACCESS_KEY") or "", env.get("OA_MEDIA_S3_SECRET_KEY") or ""
    if bool(access) != bool(secret):
        raise ImproperlyConfigured("OA_MEDIA_S3_ACCESS_KEY and OA_MEDIA_S3_SECRET_KEY go together")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env.get("OA_MEDIA_S3_ENDPOINT_URL") or None,  # None: AWS itself
        "region_name": env.get("OA_MEDIA_S3_REGION") or "us-east-1",
        "location": (env.get("OA_MEDIA_S3_PREFIX") or "").strip("/"),
        "addressing_style": "path",  # SeaweedFS, MinIO, Ceph: the bucket in the path, no wildcard DNS
        "signature_version": "s3v4",
        "default_acl": None,  # the bucket's own (private) policy
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "verify": env_bool(env, "OA_MEDIA_S3_VERIFY", True),
    }
    if access:  # otherwise boto3's own chain: AWS_ACCESS_KEY_ID…, ~/.aws, an instance role
        options.update(access_key=access, secret_key=secret)
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def media_on_object_storage(storages: Mapping[str, dict]) -> bool:
    return not storages["default"]["BACKEND"].endswith("FileSystemStorage")
