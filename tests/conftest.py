"""Personas shared by every test: who does what, in which department.

Department A (经贸局-like) and B each have a staff member, clerk, office director, leader and
principal head; the information center has an info-center person and the three admins.
"""

import functools
import os

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import settings as hypothesis_settings

from documents.choices import Direction
from documents.services.actions import document_transition
from documents.services.drafting import document_create
from documents.services.flow import StepInput
from oa.org.choices import Role
from tests.factories import TEST_PASSWORD, DepartmentFactory, person_with_role

# In CI the property tests draw the same examples every run, so a red run is reproducible and never
# depends on luck; locally they explore new examples each time.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# Transactional tests empty every table between tests: TRUNCATE on PostgreSQL, DELETE on SQLite. The
# ledger's trigger allows that only for connections that say so; test connections do, the application's
# never do (oa/audit/migrations/0003 and 0006, oa/audit/guard.py).
if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
    settings.DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c oa.ledger_truncate=allow"
else:
    settings.DATABASES["default"]["OA_LEDGER_DELETE"] = "allow"


# Local runs keep the test database and reuse it next time (as if --reuse-db were given): migrations
# that are new since are applied, nothing else is rebuilt; --create-db starts afresh. CI (CI set)
# always creates a fresh one and drops it afterwards, whatever the command line says.
@pytest.fixture(scope="session")
def django_db_keepdb():
    return not os.environ.get("CI")


@pytest.fixture(scope="session")
def django_db_createdb(request):
    return bool(os.environ.get("CI")) or request.config.getvalue("create_db")


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEDGER_CHECKPOINT_FILE = tmp_path / "ledger" / "checkpoints.jsonl"  # each test's ledger its own


@pytest.fixture(scope="session")
def _seal_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("seals")


@pytest.fixture(autouse=True)
def _seals(_seal_dir, settings):
    """One demo CA per test session (documents/seals): organs are enrolled on their first seal."""
    settings.OA_SEAL_DIR = _seal_dir
    settings.OA_SEAL_PASSPHRASE = "test-seal-passphrase"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 at production strength costs ~0.3 s a person; tests create dozens."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password():
    return TEST_PASSWORD


class Personas:
    def __init__(self):
        self.dept_a = DepartmentFactory(name="甲局", short_name="甲局", organ_code="韶甲", slug="deptA")
        self.dept_b = DepartmentFactory(name="乙局", short_name="乙局", organ_code="韶乙", slug="deptB")
        self.info_dept = DepartmentFactory(name="市信息中心", short_name="市信息中心", organ_code="韶信息", slug="xxzx", kind="info_center")
        for key, dept in (("a", self.dept_a), ("b", self.dept_b)):
            setattr(self, f"staff_{key}", person_with_role(f"{key}_staff", dept, Role.STAFF, "科员"))
            setattr(self, f"clerk_{key}", person_with_role(f"{key}_clerk", dept, Role.CLERK, "文书"))
            setattr(self, f"director_{key}", person_with_role(f"{key}_director", dept, Role.OFFICE_DIRECTOR, "办公室主任"))
            setattr(self, f"leader_{key}", person_with_role(f"{key}_leader", dept, Role.LEADER, "副局长"))
            setattr(self, f"head_{key}", person_with_role(f"{key}_head", dept, Role.PRINCIPAL_HEAD, "局长"))
        self.security_officer_a = person_with_role("a_security", self.dept_a, Role.SECURITY_OFFICER, "保密员")
        self.info_center = person_with_role("xxzx_info", self.info_dept, Role.INFO_CENTER, "系统运维")
        self.system_admin = person_with_role("sysadmin", self.info_dept, Role.SYSTEM_ADMIN, "系统管理员")
        self.security_admin = person_with_role("secadmin", self.info_dept, Role.SECURITY_ADMIN, "安全管理员")
        self.audit_admin = person_with_role("auditadmin", self.info_dept, Role.AUDIT_ADMIN, "审计管理员")

    # The 档案员 of A and B (and their 全宗: J001, J002), made when a test first asks for one, so that every
    # other test's departments keep the people they always had.
    @functools.cached_property
    def archivist_a(self):
        return _archivist(self.dept_a, "a", "J001")

    @functools.cached_property
    def archivist_b(self):
        return _archivist(self.dept_b, "b", "J002")


def _archivist(department, key: str, fonds: str):
    from oa.archives.models import Fonds

    Fonds.objects.get_or_create(department=department, defaults={"code": fonds})
    return person_with_role(f"{key}_archivist", department, Role.ARCHIVIST, "档案员")


@pytest.fixture
def personas(db):
    return Personas()


@pytest.fixture
def info_leader(personas):
    """A leader of the information center: approves its notices, leads the coordination group."""
    return person_with_role("xxzx_leader", personas.info_dept, Role.LEADER, "副主任", name="陈其宏")


@pytest.fixture
def login(client):
    """Log a persona in through the real login form (axes, ledger and all)."""

    def _login(person, password=TEST_PASSWORD):
        response = client.post("/accounts/login/", {"username": person.username, "password": password})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _login


@pytest.fixture(autouse=True)
def _allowed_hosts(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "localhost", "127.0.0.1"]
    assert settings.DATABASES  # settings fixture is live


@pytest.fixture
def post_queries(client, login):
    """post_queries(person, url, body) -> (response, how many SQL queries the JSON POST made), as `person`."""

    def _post(person, url, body):
        login(person)
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, body, content_type="application/json")
        client.logout()
        return response, len(captured.captured_queries)

    return _post


@pytest.fixture
def step_queries():
    """step_queries(person, step, **kwargs) -> how many SQL statements `step(actor=person, **kwargs)` made, the
    person's roles read afresh (as in a request that has not read them yet)."""

    def _count(person, step, **kwargs):
        person.__dict__.pop("_role_set", None)
        with CaptureQueriesContext(connection) as captured:
            step(actor=person, **kwargs)
        return len(captured.captured_queries)

    return _count


@pytest.fixture
def pages_within_budget(personas, client, login):
    """pages_within_budget(budget, add, url=…, warm=…, first=2, then=8): add(first) rows, count the SQL queries
    of every (persona attribute, page) in `budget` (url(page) is the address), add(then) rows, count again.
    The counts must not change with the rows, and each must stay within its budget (today's measured count)."""

    def _check(budget, add, *, url=lambda page: page, warm=False, first=2, then=8):
        def count():
            measured = {}
            for who, page in budget:
                login(getattr(personas, who))
                if warm:
                    client.get(url(page))  # e.g. the portal's site-root cache
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url(page))
                assert response.status_code == 200, (page, response.content.decode()[:300])
                measured[who, page] = len(captured.captured_queries)
                client.logout()
            return measured

        add(first)
        few = count()
        add(then)
        many = count()
        assert many == few, {k: (few[k], many[k]) for k in few if few[k] != many[k]}
        assert not {k: c for k, c in few.items() if c > budget[k]}, few

    return _check


def pytest_report_header(config):
    return f"database: {settings.DATABASES['default']['ENGINE']}; channel layer: {settings.CHANNEL_LAYERS['default']['BACKEND']}"


# --- documents: a draft, one step, the happy path ---------------------------------------------

@pytest.fixture
def draft(personas):
    """draft(**overrides) -> a draft by department A's staff member, addressed to department B."""

    def _draft(direction=Direction.DOWNWARD, countersigners=None, cc=None, **fields):
        values = {"title": "关于做好电子政务应用系统试运行有关工作的通知", "body": "一、总体要求\n各单位要高度重视。", "direction": direction}
        values.update(fields)
        return document_create(
            actor=personas.staff_a, fields=values, main=[personas.dept_b], copy=cc or [], countersigners=countersigners or [],
        )

    return _draft


@pytest.fixture
def act():
    """act(person, action, document, **StepInput fields) -> the document after the step."""

    def _act(person, action, document, **step):
        if action == "sign":
            step.setdefault("confirmation", TEST_PASSWORD)
        return document_transition(actor=person, document_id=document.pk, action=action, step=StepInput(**step))

    return _act


@pytest.fixture
def walk(personas, act):
    """walk(document, until_state) — take the happy path until the document reaches `until_state`."""
    from documents.choices import DocumentState as S

    path = [
        (S.DRAFT, lambda d: act(personas.staff_a, "submit", d)),
        (S.REVIEW, lambda d: act(personas.director_a, "review", d, opinion="拟同意")),
        (S.SIGNING, lambda d: act(personas.head_a if d.direction == Direction.UPWARD else personas.leader_a, "sign", d, opinion="同意")),
        (S.CHECK, lambda d: act(personas.director_a, "check", d)),
        (S.NUMBERING, lambda d: act(personas.clerk_a, "number", d)),
        (S.SEALING, lambda d: act(personas.clerk_a, "seal", d)),
        (S.DISPATCH, lambda d: act(personas.clerk_a, "dispatch", d)),
        (S.DISPATCHED, lambda d: act(personas.archivist_a, "archive", d)),
    ]

    def _walk(document, until):
        started = False
        for state, step in path:
            if document.state == until:
                return document
            started = started or document.state == state
            if not started:
                continue
            assert document.state == state, (document.state, state)
            document = step(document)
        assert document.state == until
        return document

    return _walk


# --- media on S3-compatible object storage (tests marked `s3`) -------------------------------------
# The endpoint is a real S3 server — SeaweedFS in CI (`scripts/s3_test_server.sh`, started by .ci/run),
# never a mock: OA_TEST_S3_ENDPOINT_URL, OA_TEST_S3_ACCESS_KEY, OA_TEST_S3_SECRET_KEY. Without them the
# `s3` tests are skipped locally and fail in CI.
S3_TEST_ENV = ("OA_TEST_S3_ENDPOINT_URL", "OA_TEST_S3_ACCESS_KEY", "OA_TEST_S3_SECRET_KEY")


class S3Bucket:
    """The test session's bucket, read straight through boto3 (not through Django's storage)."""

    def __init__(self, endpoint, access, secret):
        import boto3

        self.client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access,
                                   aws_secret_access_key=secret, region_name="us-east-1")
        self.name = f"oa-test-{os.getpid()}-{os.urandom(3).hex()}"
        self.env = {"OA_MEDIA_S3_BUCKET": self.name, "OA_MEDIA_S3_ENDPOINT_URL": endpoint,
                    "OA_MEDIA_S3_ACCESS_KEY": access, "OA_MEDIA_S3_SECRET_KEY": secret}
        self.client.create_bucket(Bucket=self.name)

    def keys(self, prefix: str) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def get(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def drop(self) -> None:
        for key in self.keys(""):
            self.client.delete_object(Bucket=self.name, Key=key)
        self.client.delete_bucket(Bucket=self.name)


@pytest.fixture(scope="session")
def s3_bucket():
    values = [os.environ.get(name, "") for name in S3_TEST_ENV]
    if not all(values):
        message = f"no S3 endpoint for the `s3` tests: set {', '.join(S3_TEST_ENV)} (scripts/s3_test_server.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    bucket = S3Bucket(*values)
    yield bucket
    bucket.drop()


class S3Media:
    """One test's media on the bucket, under a prefix of its own."""

    def __init__(self, bucket: S3Bucket, prefix: str):
        self.bucket, self.prefix = bucket, prefix

    def keys(self) -> list[str]:
        """The stored names (the prefix taken off), straight from the bucket."""
        return [key.removeprefix(self.prefix + "/") for key in self.bucket.keys(self.prefix + "/")]

    def get(self, name: str) -> bytes:
        return self.bucket.get(f"{self.prefix}/{name}")


@pytest.fixture
def s3_media(s3_bucket, settings):
    """The media storage switched to the bucket for this test, as the settings do for OA_MEDIA_S3_* (oa/config.py)."""
    from oa import config

    prefix = f"t-{os.urandom(6).hex()}"
    settings.STORAGES = {**settings.STORAGES,
                         "default": config.media_storage_config({**s3_bucket.env, "OA_MEDIA_S3_PREFIX": prefix})}
    return S3Media(s3_bucket, prefix)
