"""A database connection lost in the middle of a request: the user gets a plain "try again" page
(503, in their language, no traceback), and the next request works on a new connection."""

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import make_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class KillAt:
    """An execute wrapper that, at query number `at` of the request, has the server end this
    connection's backend (pg_terminate_backend from a second connection), then lets the query
    run into the dead connection."""

    def __init__(self, at: int):
        self.at, self.seen, self.killed = at, 0, False

    def __call__(self, execute, sql, params, many, context):
        self.seen += 1
        if self.seen == self.at:
            pid = context["connection"].connection.info.backend_pid
            params_ = connection.get_connection_params()
            for key in ("cursor_factory", "context"):
                params_.pop(key, None)
            with psycopg.connect(**params_, autocommit=True) as other:
                (self.killed,) = other.execute(
                    "SELECT pg_terminate_backend(%s, 5000)", [pid]
                ).fetchone()
        return execute(sql, params, many, context)


@pytest.mark.parametrize("at", [1, 2, 4], ids=["session", "user", "page"])
def test_a_connection_lost_mid_request_gives_a_clean_page_and_a_retry_works(
    client, django_user_model, at
):
    manager = make_user(django_user_model, "manager", "csb_manager")
    client.force_login(manager)
    client.raise_request_exception = False
    client.cookies["django_language"] = "zh-hant"
    dashboard = reverse("staff:dashboard")

    kill = KillAt(at)
    with connection.execute_wrapper(kill):
        response = client.get(dashboard)
    assert kill.killed
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["X-Request-ID"]
    html = response.content.decode()
    assert '<html lang="zh-hant">' in html
    assert "資料庫沒有回應" in html  # "The database did not answer", in the language asked for
    assert "Traceback" not in html and "OperationalError" not in html

    again = client.get(dashboard)
    assert again.status_code == 200


def test_any_other_error_is_a_plain_500_page(client, monkeypatch):
    from public import views

    def broken(self, request):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(views.HomeView, "get", broken)
    client.raise_request_exception = False
    response = client.get(reverse("public:home"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "secret detail" not in html and "Traceback" not in html
