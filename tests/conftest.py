import os

import pytest
from django.db import connection

from tests.participants.factories import DepartmentFactory

# The scans of tests/prod/ run on the production settings, in their own run (`make test-prod`).
PROD_SETTINGS = "exchange_portal.settings.prod_test"
if os.environ.get("DJANGO_SETTINGS_MODULE") != PROD_SETTINGS:
    collect_ignore = ["prod"]


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only on PostgreSQL, those marked `redis` only with REDIS_URL;
    elsewhere they are deselected (not skipped), and CI runs the suite on both databases, with
    Redis on the PostgreSQL run."""
    import os

    from django.conf import settings

    vendor = settings.DATABASES["default"]["ENGINE"]
    unavailable = set()
    if "postgresql" not in vendor:
        unavailable.add("postgres")
    # Tests marked `redis` talk to the Redis in REDIS_URL (CI starts one for its PostgreSQL run).
    if not os.environ.get("REDIS_URL"):
        unavailable.add("redis")
    if not unavailable:
        return
    kept, dropped = [], []
    for item in items:
        marked = any(item.get_closest_marker(name) for name in unavailable)
        (dropped if marked else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def csb_manager(django_user_model):
    """A CSB programme manager: a superuser until roles arrive (issue 3)."""
    return django_user_model.objects.create_superuser(
        username="csb.manager", email="manager@csb.gov.hk", password="a-long-test-password"
    )


@pytest.fixture
def department():
    return DepartmentFactory(code="EPD", name_en="Environmental Protection Department")


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached figures never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_user(django_user_model, username, role, *, department=None, partner=None, **extra):
    """A user in one of the portal's roles (tests/roles fixtures build on this). `department`
    ties a department HR officer or programme coordinator to their department, `partner` a
    partner-government coordinator to their government (on the user's profile)."""
    from django.contrib.auth.models import Group

    from exchange_portal.roles import GROUP_NAMES, sync_roles

    sync_roles()
    # The government's own staff use the admin; partner coordinators, officers and host
    # contacts do not.
    staff = role in ("csb_manager", "csb_viewer", "department_hr", "programme_coordinator")
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.gov.hk",
        password="a-long-test-password",
        is_staff=staff,
        **extra,
    )
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    if department is not None or partner is not None:
        from participants.models import UserProfile

        UserProfile.objects.create(user=user, department=department, partner=partner)
    return user


def can_sign_in(username: str, password: str) -> bool:
    """Whether the credentials authenticate, through django-axes as the login page does."""
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    request = RequestFactory().post("/accounts/login/")
    return authenticate(request=request, username=username, password=password) is not None


@pytest.fixture(autouse=True)
def _english_to_begin_with():
    """A request with a Chinese language cookie leaves that language active in the thread;
    every test starts in English, as a new request would."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


def keep_files_in(monkeypatch, directory):
    """Point every file field kept in the private storage at `directory`. The fields took their
    storage when the models loaded (a callable storage is called once), so the settings alone
    would not reach them."""
    from django.apps import apps
    from django.core.files.storage import FileSystemStorage
    from django.db.models import FileField

    from exchange_portal.files import documents_storage, private_storage

    storage = FileSystemStorage(location=directory)
    for model in apps.get_models():
        for field in model._meta.fields:
            if isinstance(field, FileField) and (
                getattr(field, "_storage_callable", None) in (private_storage, documents_storage)
            ):
                monkeypatch.setattr(field, "storage", storage)
    return directory


@pytest.fixture(scope="session", autouse=True)
def _kept_files_in_a_temporary_directory(tmp_path_factory):
    """Files kept by any test go to a directory of the test run, never to var/."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield keep_files_in(monkeypatch, tmp_path_factory.mktemp("private"))


@pytest.fixture
def private_dir(monkeypatch, tmp_path):
    """An empty directory of kept files for this test alone, to look into."""
    return keep_files_in(monkeypatch, tmp_path / "private")
