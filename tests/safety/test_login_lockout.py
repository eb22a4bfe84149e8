"""Login throttling: five wrong passwords for one user from one address lock that pair."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "Right-pass-2026"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Each attempt hashes a password; the production hasher makes that slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clerk():
    return User.objects.create_user("lock-clerk", password=PASSWORD, is_staff=True)


def attempt(client, password, *, ip="10.0.0.8", username="lock-clerk"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_sixth_wrong_password_is_refused_with_a_chinese_lockout_message(client, clerk):
    for number in range(1, 5):
        response = attempt(client, f"wrong-{number}")
        assert response.status_code == 200, number  # the login form again, with its error
        assert "请输入一个正确的" in response.content.decode()
    # The fifth failure locks; every attempt after it is refused, the right password too.
    assert attempt(client, "wrong-5").status_code == 429
    sixth = attempt(client, "wrong-6")
    assert sixth.status_code == 429
    body = sixth.content.decode()
    assert "登录已暂时锁定" in body and "连续 5 次密码错误" in body and "30 分钟后再试" in body
    assert attempt(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_user_and_address(client, clerk):
    for number in range(5):
        attempt(client, f"wrong-{number}")
    assert attempt(client, PASSWORD).status_code == 429
    # The same clerk from another address, and another user from the same address, still log in.
    assert attempt(client, PASSWORD, ip="10.0.0.9").status_code == 302
    client.logout()
    User.objects.create_user("other-clerk", password=PASSWORD, is_staff=True)
    assert attempt(client, PASSWORD, username="other-clerk").status_code == 302


def test_the_cool_off_ends_the_lock(client, clerk, settings):
    import datetime as dt

    from axes.models import AccessAttempt

    for number in range(5):
        attempt(client, f"wrong-{number}")
    assert attempt(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert attempt(client, PASSWORD).status_code == 302


def test_an_administrator_unlocks_with_the_axes_reset_command(client, clerk):
    for number in range(5):
        attempt(client, f"wrong-{number}")
    assert attempt(client, PASSWORD).status_code == 429
    out = io.StringIO()
    call_command("axes_reset_username", "lock-clerk", stdout=out)
    assert attempt(client, PASSWORD).status_code == 302


def test_a_right_password_before_the_limit_clears_the_count(client, clerk):
    for number in range(4):
        attempt(client, f"wrong-{number}")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for number in range(4):
        assert attempt(client, f"again-{number}").status_code == 200
