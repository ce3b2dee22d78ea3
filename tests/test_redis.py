"""Production with Redis (REDIS_URL, decision 0026): the throttle, the stored figures page and
the sessions work through it as they do through the database cache. These tests talk to a real
Redis: they run when REDIS_URL is set (CI starts one and sets it for the PostgreSQL run) and are
deselected otherwise, as the PostgreSQL-only tests are on SQLite."""

import importlib
import uuid

import pytest
from django.urls import reverse

from placements.models import Placement
from tests.conftest import make_user
from tests.placements.factories import PlacementFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory
from tests.test_page_budgets import officers_shown

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def production_redis(monkeypatch, settings):
    """The production settings' cache and session engine, on a key prefix of this test's own."""
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("ALLOWED_HOSTS", "exchange.example.gov.hk")
    from exchange_portal.settings import prod

    production = importlib.reload(prod)
    caches = {name: dict(config) for name, config in production.CACHES.items()}
    assert caches["default"]["BACKEND"] == "exchange_portal.cache.KeptClientRedisCache"
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    settings.SESSION_ENGINE = production.SESSION_ENGINE
    return production


def test_the_enquiry_throttle_counts_in_redis_across_clients(client, production_redis, settings):
    from django.test import Client

    settings.STATUS_ENQUIRY_LIMITS = {
        "address": {"limit": 3, "window": 900},
        "code": {"limit": 100, "window": 900},
        "code_all_addresses": {"limit": 100, "window": 900},
    }
    url = reverse("public:status_enquiry")
    form = {"reference_code": "EX-0000-0000-0000", "email": "nobody@example.com"}
    answers = [Client().post(url, form).status_code for _ in range(4)]  # one address, 4 clients
    assert answers == [200, 200, 200, 429]


def test_the_figures_page_is_stored_in_redis_and_follows_a_change(
    client, production_redis, csb_manager
):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    from exchange_portal.figures_cache import PAGE_KEY
    from placements import services

    programme = ProgrammeFactory(name_en="Redis Figures Programme")
    cohort = CohortFactory(programme=programme, places=10)
    confirmed = PlacementFactory.create_batch(
        4, nomination__cohort=cohort, status=Placement.Status.CONFIRMED
    )
    assert officers_shown(client, programme) == 4
    assert isinstance(caches["default"], RedisCache)
    assert caches["default"].get(PAGE_KEY.format(language="en")) is not None
    assert officers_shown(client, programme) == 4  # the stored page
    services.placement_withdraw(placement=confirmed[0], actor=csb_manager, reason="Changed.")
    assert officers_shown(client, programme) == 3


def test_a_session_outlives_the_cache(client, production_redis, django_user_model):
    from django.core.cache import caches

    make_user(django_user_model, "viewer", "csb_viewer")
    signed_in = client.post(
        reverse("login"), {"username": "viewer", "password": "a-long-test-password"}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX

    # Redis lost the session (restarted empty): cached_db reads it back from the database.
    assert caches["default"].get(KEY_PREFIX + client.session.session_key) is not None
    caches["default"].delete(KEY_PREFIX + client.session.session_key)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_kept_client_reconnects_after_redis_dropped_its_connections(
    client, production_redis, settings
):
    """The cache keeps one redis-py client (exchange_portal/cache.py): when Redis closes every
    connection (a restart, a failover), the next page still counts and answers."""
    from django.core.cache import caches

    settings.STATUS_ENQUIRY_LIMITS = {
        "address": {"limit": 2, "window": 900},
        "code": {"limit": 100, "window": 900},
        "code_all_addresses": {"limit": 100, "window": 900},
    }
    url = reverse("public:status_enquiry")
    form = {"reference_code": "EX-0000-0000-0000", "email": "nobody@example.com"}
    assert client.post(url, form).status_code == 200
    redis = caches["default"]._cache.get_client(write=True)
    assert redis is caches["default"]._cache.get_client(write=True)  # one client, kept
    redis.client_kill_filter(_type="normal", skipme=False)
    assert client.post(url, form).status_code == 200  # reconnected; the count survived in Redis
    assert client.post(url, form).status_code == 429


def another_instance_cache():
    """The shared cache as another app instance sees it: its own client and connections."""
    from django.conf import settings as django_settings

    from exchange_portal.cache import KeptClientRedisCache

    config = django_settings.CACHES["default"]
    return KeptClientRedisCache(config["LOCATION"], {"KEY_PREFIX": config["KEY_PREFIX"]})


def four_confirmed_then_one_withdrawn_elsewhere(client, name):
    """Four confirmed placements shown on the stored page; then one withdrawn and the figures'
    version changed by another instance (nothing in this process hears of it but Redis)."""
    from exchange_portal.figures_cache import VERSION_KEY

    programme = ProgrammeFactory(name_en=name)
    cohort = CohortFactory(programme=programme, places=10)
    confirmed = PlacementFactory.create_batch(
        4, nomination__cohort=cohort, status=Placement.Status.CONFIRMED
    )
    assert officers_shown(client, programme) == 4
    assert officers_shown(client, programme) == 4  # the stored page
    Placement.objects.filter(pk=confirmed[0].pk).update(status=Placement.Status.WITHDRAWN)
    another_instance_cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    return programme


def test_the_stored_figures_page_asks_redis_nothing_while_the_figures_stay(
    client, production_redis, monkeypatch
):
    """The figures' version is kept in the process and Redis says when it changes (client
    tracking, decision 0048): serving the stored page makes no round trip."""
    from django.core.cache import caches

    programme = ProgrammeFactory(name_en="Quiet Figures Programme")
    PlacementFactory.create_batch(
        3,
        nomination__cohort=CohortFactory(programme=programme, places=10),
        status=Placement.Status.CONFIRMED,
    )
    assert officers_shown(client, programme) == 3
    assert officers_shown(client, programme) == 3
    client_calls = []
    kept = caches["default"]._cache.get_client(write=False)
    monkeypatch.setattr(
        kept, "execute_command", lambda *a, **k: client_calls.append(a) or pytest.fail(a)
    )
    assert officers_shown(client, programme) == 3
    assert client_calls == []


def test_the_figures_page_follows_a_change_made_on_another_instance(client, production_redis):
    programme = four_confirmed_then_one_withdrawn_elsewhere(client, "Elsewhere Programme")
    assert officers_shown(client, programme) == 3  # at once, on the next request


def test_the_figures_page_follows_a_change_when_the_watch_was_lost(client, production_redis):
    """Redis dropped every connection (a restart): the process reads the version from Redis
    again rather than trust its copy, and the change shows at once."""
    from django.core.cache import caches

    redis = caches["default"]._cache.get_client(write=True)
    programme = ProgrammeFactory(name_en="Reconnected Programme")
    assert officers_shown(client, programme) == 0
    redis.client_kill_filter(_type="pubsub", skipme=False)
    redis.client_kill_filter(_type="normal", skipme=False)
    programme = four_confirmed_then_one_withdrawn_elsewhere(client, "Reconnected Programme 2")
    assert officers_shown(client, programme) == 3


def test_the_enquiry_throttle_is_one_round_trip(client, production_redis, settings, monkeypatch):
    """The three counters (address, code from the address, code from anywhere) in one script
    run by Redis; the first exceeded stops the count, as the database cache's path does."""
    from django.core.cache import caches

    settings.STATUS_ENQUIRY_LIMITS = {
        "address": {"limit": 100, "window": 900},
        "code": {"limit": 2, "window": 900},
        "code_all_addresses": {"limit": 100, "window": 900},
    }
    scripts = []
    kept = caches["default"]._cache
    run_script = kept.run_script
    monkeypatch.setattr(kept, "run_script", lambda *a: scripts.append(a) or run_script(*a))
    url = reverse("public:status_enquiry")
    form = {"reference_code": "EX-0000-0000-0000", "email": "nobody@example.com"}
    assert [client.post(url, form).status_code for _ in range(3)] == [200, 200, 429]
    assert len(scripts) == 3
    cache = caches["default"]
    assert cache.get("throttle:enquiry-address:127.0.0.1") == 3
    assert cache.get("throttle:enquiry-code:EX-0000-0000-0000|127.0.0.1") == 3
    # The third attempt stopped at the code from this address: the count from anywhere did
    # not take it.
    assert cache.get("throttle:enquiry-code-all:EX-0000-0000-0000") == 2
    window = kept.get_client().ttl(cache.make_key("throttle:enquiry-address:127.0.0.1"))
    assert 0 < window <= 900  # a fixed window, set by the first attempt
    # A malformed code counts against the address only.
    client.post(url, {"reference_code": "12", "email": "nobody@example.com"})
    assert cache.get("throttle:enquiry-address:127.0.0.1") == 4
