"""Settings for the city OA system: one module, every difference driven by environment variables.

See docs/configuration.md for the table of variables. Application code reads `settings.X` at
call time; nothing here is copied into module globals elsewhere.
"""

import os
from datetime import timedelta
from pathlib import Path

from oa import config

ENV = os.environ
BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(ENV.get("OA_VAR_DIR", BASE_DIR / "var"))

OA_ENV = ENV.get("OA_ENV", "development").strip().lower()
PRODUCTION = OA_ENV == "production"

SECRET_KEY = config.secret_key(ENV, VAR_DIR, PRODUCTION)
# The ledger's HMAC chain (oa/audit/keys.py) and its signed checkpoints (oa/audit/checkpoints.py).
LEDGER_KEY_ID, LEDGER_KEYS, LEDGER_KEY_SOURCE = config.ledger_keys(ENV, VAR_DIR)
LEDGER_CHECKPOINT_FILE = Path(ENV.get("OA_LEDGER_CHECKPOINTS", VAR_DIR / "ledger" / "checkpoints.jsonl"))
# Debug pages (tracebacks, the URL list on a 404) only when asked for with OA_DEBUG=1, in any mode.
DEBUG = config.env_bool(ENV, "OA_DEBUG", False)
ALLOWED_HOSTS = config.env_list(ENV, "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.env_list(ENV, "CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    # the project
    "oa.core",
    "oa.org",
    "oa.audit",
    "oa.uploads",
    "oa.orgimport",
    "oa.portal",
    "oa.feedback",
    "oa.trial",
    "oa.usage",
    "oa.archives",
    "documents",
    "notices",
    # Wagtail (portal and its admin)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # security
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # API, live updates, background work
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "oa.core.middleware.BodyLimitMiddleware",  # a body over its limit is a 413 before anything reads it
    "django.middleware.security.SecurityMiddleware",
    "oa.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "oa.core.request_info.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "oa.core.middleware.SessionIdleMiddleware",  # idle timeout; writes the session at most once a minute
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "oa.core.middleware.LoginRequiredMiddleware",
    "oa.org.middleware.SecondFactorMiddleware",
    "oa.org.middleware.PasswordExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "oa.urls"
WSGI_APPLICATION = "oa.wsgi.application"
ASGI_APPLICATION = "oa.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oa.core.context_processors.layout",
            ],
        },
    },
]

# --- data -------------------------------------------------------------------------------------
DATABASES = {"default": config.database_config(ENV, VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = config.caches_config(ENV)
CHANNEL_LAYERS = config.channel_layers_config(ENV)
TASKS = config.tasks_config(ENV)

# --- people and login ---------------------------------------------------------------------------
AUTH_USER_MODEL = "org.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "oa.org.backends.RuleBackend",  # wagtailadmin.access_admin follows can_edit_portal
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = None  # show "您已安全退出" rather than the login form

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": config.env_int(ENV, "OA_PASSWORD_MIN_LENGTH", 8)},
    },
    {"NAME": "oa.org.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
OA_PASSWORD_MAX_AGE_DAYS = config.env_int(ENV, "OA_PASSWORD_MAX_AGE_DAYS", 90)
OA_REQUIRE_2FA = config.env_bool(ENV, "OA_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = ENV.get("OA_OTP_ISSUER", "市直机关OA")
OTP_TOTP_THROTTLE_FACTOR = 1
# 签发: after a password login or a confirmed 签发 in a session, further 签发 need no code for this long (0: always ask).
OA_SIGN_WINDOW_MINUTES = config.env_int(ENV, "OA_SIGN_WINDOW_MINUTES", 15)

# Lockout per username, never per IP: a whole bureau shares one NAT address.
AXES_FAILURE_LIMIT = config.env_int(ENV, "OA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=config.env_int(ENV, "OA_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "oa.org.views.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "oa.core.request_info.client_ip_for_axes"
AXES_VERBOSE = False
# axes.W006 asks for IP-based lockout too; we lock per username on purpose (one NAT per bureau
# would lock out a whole department). Documented in docs/security.md.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Idle timeout: silence longer than this logs the person out. The session is written only when it
# changes; oa.core.middleware.SessionIdleMiddleware keeps a last-seen mark and renews it (one write) at
# most once a minute, so a page costs no session UPDATE (issue 20).
SESSION_COOKIE_AGE = 60 * config.env_int(ENV, "OA_SESSION_IDLE_MINUTES", 30)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "oa_session"
CSRF_COOKIE_NAME = "oa_csrftoken"

# How many reverse proxies stand in front of the app (nginx = 1); the client IP is read from
# X-Forwarded-For only through that many hops.
OA_TRUSTED_PROXY_COUNT = config.env_int(ENV, "OA_TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)

# Content-Security-Policy (oa/core/middleware.py): scripts only from our own /static/ files — no inline
# <script>, no on…= attributes, no eval — on every page in every environment. Style attributes stay
# allowed (templates size bars and columns with them). The WebSocket is same-origin ('self').
OA_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
# Wagtail's admin (/cms/, used by the system admin for the portal) runs inline scripts of its own.
OA_CSP_BY_PREFIX = {
    "/cms/": OA_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline' 'unsafe-eval'")
    .replace("img-src 'self' data:", "img-src 'self' data: blob:"),
}

# --- language, time -----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATE_FORMAT = "Y-m-d"
# Our own catalog first: the Wagtail admin strings that Wagtail's zh_Hans catalogs leave in English.
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- files --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(ENV.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(ENV.get("MEDIA_ROOT", VAR_DIR / "media"))
# Media (attachments, scans, screenshots, held and staged uploads) on the local disk under MEDIA_ROOT, or on
# S3-compatible object storage when OA_MEDIA_S3_BUCKET is set (oa/config.py media_storage_config). Code reaches
# them only through the storage API (default_storage / FileField), never through a path.
STORAGES = {
    "default": config.media_storage_config(ENV),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
# WhiteNoise serves static files whatever DEBUG says: development straight from the source folders
# (re-read on every request, so an edited CSS or JS file shows at once), production from collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
OA_IMPORT_MAX_BYTES = config.env_int(ENV, "OA_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Licensed fonts (仿宋_GB2312, 方正小标宋简体, 楷体_GB2312 …) dropped here are used before the free fallbacks.
OA_FONT_DIR = ENV.get("OA_FONT_DIR") or None
# The electronic seal (documents/seals, docs/seals.md): PAdES signatures on dispatched PDFs with each
# organ's key, from PKCS#12 files under OA_SEAL_DIR (a demo CA outside production) or a PKCS#11 token.
OA_SEAL_DIR = Path(ENV.get("OA_SEAL_DIR") or VAR_DIR / "seals")
OA_SEAL_PASSPHRASE = ENV.get("OA_SEAL_PASSPHRASE", "")
OA_SEAL_SIGNER = ENV.get("OA_SEAL_SIGNER", "files").strip().lower()
OA_SEAL_BACKEND = ENV.get("OA_SEAL_BACKEND", "documents.seals.signer.PadesSigner").strip()
OA_SEAL_TSA_URL = ENV.get("OA_SEAL_TSA_URL", "").strip()
OA_SEAL_AUTO_ENROL = config.env_bool(ENV, "OA_SEAL_AUTO_ENROL", not PRODUCTION)
OA_SEAL_PKCS11_MODULE = ENV.get("OA_SEAL_PKCS11_MODULE", "")
OA_SEAL_PKCS11_TOKEN = ENV.get("OA_SEAL_PKCS11_TOKEN", "")
OA_SEAL_PKCS11_PIN = ENV.get("OA_SEAL_PKCS11_PIN", "")

# The classification gate (oa/uploads): every uploaded byte is screened in memory, never spooled
# to a temporary file (a refused classified file must not touch the disk). The upload handler
# keeps up to OA_UPLOAD_MAX_BYTES (+1 byte, so the gate can say "too big") per file in memory and
# discards the rest; FILE_UPLOAD_MAX_MEMORY_SIZE keeps the raw ASGI request body in memory (Django
# rolls bodies above it over to a temporary file) up to the cap plus multipart overhead, which is
# also what nginx's client_max_body_size lets through. See oa/uploads/handlers.py.
OA_UPLOAD_MAX_BYTES = config.env_int(ENV, "OA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = ["oa.uploads.handlers.GatedMemoryUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = OA_UPLOAD_MAX_BYTES + 2 * 1024 * 1024
# The largest request body of all (an upload with its multipart envelope): refused with a 413 before
# it is read, by Content-Length and by counting as it streams (oa/core/bodylimit.py). Other bodies are
# held to DATA_UPLOAD_MAX_MEMORY_SIZE. Keep nginx's client_max_body_size at this value.
OA_REQUEST_MAX_BYTES = config.env_int(ENV, "OA_REQUEST_MAX_BYTES", FILE_UPLOAD_MAX_MEMORY_SIZE)
OA_UPLOAD_ZIP_MAX_ENTRIES = config.env_int(ENV, "OA_UPLOAD_ZIP_MAX_ENTRIES", 5000)
OA_UPLOAD_ZIP_MAX_UNPACKED_BYTES = config.env_int(ENV, "OA_UPLOAD_ZIP_MAX_UNPACKED_BYTES", 400 * 1024 * 1024)
OA_UPLOAD_ZIP_MAX_RATIO = config.env_int(ENV, "OA_UPLOAD_ZIP_MAX_RATIO", 200)
OA_UPLOAD_PDF_MAX_PAGES = config.env_int(ENV, "OA_UPLOAD_PDF_MAX_PAGES", 2000)
OA_UPLOAD_ESCALATE_AFTER = config.env_int(ENV, "OA_UPLOAD_ESCALATE_AFTER", 3)

# --- Archive packages and transfers (issue 21, docs/archiving.md) --------------------------------
# The department (its 简拼) that receives transfers: the 档案局.
OA_ARCHIVES_RECEIVER = ENV.get("OA_ARCHIVES_RECEIVER", "daj")
# Dotted path of the PDF signature verifier the 四性检测 calls (empty: signatures counted, not verified); by
# default the electronic seal's own (pyHanko against the internal CA).
OA_ARCHIVE_SIGNATURE_VERIFIER = ENV.get("OA_ARCHIVE_SIGNATURE_VERIFIER", "oa.archives.seal_check.verify_seals")

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "oa.org.api_auth.PersonalTokenAuthentication",
        "oa.org.api_auth.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "oa.core.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "oa.core.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "oa.core.parsers.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "市直机关OA 接口",
    "DESCRIPTION": "公文、通知公告、试运行、使用情况通报与问题反馈的 JSON 接口。认证：会话或个人令牌（Authorization: Token …）。",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its Swagger UI (oa/core/schema.py) for logged-in people only: a session or a token.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["oa.core.schema.only_v1"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "oa.core.schema.error_responses"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several models have a `state` or `kind`; each choice set gets its own name in the schema.
    # tests/core/test_api_schema.py fails on any schema warning, so a new collision is named here.
    "ENUM_NAME_OVERRIDES": {
        "DocumentStateEnum": "documents.choices.DocumentState",
        "FlowStepStatusEnum": "oa.core.flow_picture.StepStatus",
        "DeliveryStateEnum": "documents.incoming.models.DeliveryState",
        "RecipientKindEnum": "documents.choices.RecipientKind",
        "TrialStateEnum": "oa.trial.choices.TrialState",
        "PaperStateEnum": "oa.trial.choices.PaperState",
        "ReportStateEnum": "oa.trial.choices.ReportState",
        "ItemDirectionEnum": "oa.trial.choices.ItemDirection",
        "OutageStateEnum": "oa.trial.models_outage.OutageState",
        "DirectionEnum": "documents.choices.Direction",
        "TicketStateEnum": "oa.feedback.choices.TicketState",
        "TicketCategoryEnum": "oa.feedback.choices.Category",
        "TicketSeverityEnum": "oa.feedback.choices.Severity",
        "NoticeCategoryEnum": "notices.choices.Category",  # named so it does not collide with tickets' category
        "SeriesKindEnum": "oa.org.choices.SeriesKind",  # a number series' kind, apart from the other "kind" fields
        "UsageCircularStateEnum": "oa.usage.choices.CircularState",
        "UsageCircularActionEnum": "oa.usage.choices.CircularAction",
    },
}
OA_API_TOKEN_DAYS = config.env_int(ENV, "OA_API_TOKEN_DAYS", 90)

# --- Wagtail ------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = ENV.get("OA_SITE_NAME", "市直机关电子政务办公平台")
WAGTAILADMIN_BASE_URL = ENV.get("OA_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_I18N_ENABLED = False
# The admin speaks Chinese to everyone: no language or time-zone choice in a person's CMS account.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# --- logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": ENV.get("OA_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- production hardening ------------------------------------------------------------------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = config.env_bool(ENV, "OA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = config.env_int(ENV, "OA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]

# --- deadlines and supervision (电子监察) -----------------------------------------------------------
# Working days on the Chinese statutory calendar (oa/calendar.py); the 收文 rules in documents/incoming/deadlines.py.
OA_DEADLINE_DAYS_MOST_URGENT = config.env_int(ENV, "OA_DEADLINE_DAYS_MOST_URGENT", 1)  # 特急
OA_DEADLINE_DAYS_URGENT = config.env_int(ENV, "OA_DEADLINE_DAYS_URGENT", 2)  # 加急
OA_DEADLINE_DAYS_NORMAL = config.env_int(ENV, "OA_DEADLINE_DAYS_NORMAL", 7)  # 平件
OA_EXCHANGE_CUTOFF_HOUR = config.env_int(ENV, "OA_EXCHANGE_CUTOFF_HOUR", 17)  # sent before 17:00 counts that day
OA_WARNING_WORKING_DAYS = config.env_int(ENV, "OA_WARNING_WORKING_DAYS", 1)  # 预警: due within this many
OA_RED_CARD_WORKING_DAYS = config.env_int(ENV, "OA_RED_CARD_WORKING_DAYS", 3)  # 红牌: late by more than this
# 双轨试运行 停机与补登 (docs/trial.md): back-registration allowed this many working days after an outage ends;
# the portal banner shows outages that ended within this many days.
OA_TRIAL_OUTAGE_BACKFILL_WORKING_DAYS = config.env_int(ENV, "OA_TRIAL_OUTAGE_BACKFILL_WORKING_DAYS", 10)
OA_TRIAL_OUTAGE_NOTICE_DAYS = config.env_int(ENV, "OA_TRIAL_OUTAGE_NOTICE_DAYS", 7)
