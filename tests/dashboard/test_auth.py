"""Sign-in and roles (AppTest): password gate, wrong password, rate limit, roles, open read-only mode,
OIDC configuration validated and reported."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth

APP = str(auth.__file__).replace("auth.py", "streamlit_app.py")
HASHES = {"ana": auth.hash_password("right horse", 1000), "vic": auth.hash_password("battery staple", 1000)}
PASSWORDS = {"ana": {"role": "analyst", "hash": HASHES["ana"]}, "vic": {"role": "viewer", "hash": HASHES["vic"]}}
OIDC = {"redirect_uri": "https://news.example.org/oauth2callback", "cookie_secret": "s" * 40,
        "client_id": "cid", "client_secret": "csecret",
        "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration"}


def page():
    import streamlit as st

    from dashboard import auth

    auth.gate()
    st.text(f"user={auth.user()} write={auth.can_write()}")


@pytest.fixture(autouse=True)
def fresh_attempts():
    auth.ATTEMPTS.failures.clear()
    yield
    auth.ATTEMPTS.failures.clear()


def app(**secrets) -> AppTest:
    at = AppTest.from_function(page, default_timeout=30)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.session_state["lang"] = "en"
    return at.run()


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="auth_name").input(name)
    at.text_input(key="auth_password").input(password)
    return at.button[0].click().run()


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_password_gate_stops_the_app_until_signed_in():
    at = app(passwords=PASSWORDS)
    assert not at.exception
    assert at.title[0].value == "Sign in" and texts(at) == []
    at = sign_in(at, "ana", "right horse")
    assert texts(at) == ["user=ana write=True"]
    assert at.session_state[auth.SESSION_KEY] == {"name": "ana", "role": "analyst"}


def test_wrong_password_and_unknown_user_are_refused_alike():
    at = app(passwords=PASSWORDS)
    at = sign_in(at, "ana", "wrong")
    assert texts(at) == [] and at.error[0].value == "Wrong user name or password."
    at = sign_in(at, "nobody", "right horse")
    assert texts(at) == [] and at.error[0].value == "Wrong user name or password."
    assert auth.SESSION_KEY not in at.session_state


def test_failed_attempts_are_rate_limited_per_client():
    at = app(passwords=PASSWORDS)
    for _ in range(auth.MAX_FAILURES):
        at = sign_in(at, "ana", "guess")
    at.run()
    assert at.error[0].value.startswith("Too many failed sign-ins from this address")
    assert not at.text_input  # no form while locked out, even for the right password in a new session
    again = app(passwords=PASSWORDS)
    assert again.error[0].value.startswith("Too many failed sign-ins") and texts(again) == []
    auth.ATTEMPTS.failures.clear()
    assert texts(sign_in(app(passwords=PASSWORDS), "ana", "right horse")) == ["user=ana write=True"]


def test_viewer_role_cannot_write_and_is_told_why():
    at = sign_in(app(passwords=PASSWORDS), "vic", "battery staple")
    assert texts(at) == ["user=vic write=False"]
    assert any("Signed in as vic (viewer)" in c.value for c in at.sidebar.caption)


def test_sign_out_returns_to_the_gate():
    at = sign_in(app(passwords=PASSWORDS), "ana", "right horse")
    at = at.sidebar.button(key="auth_sign_out").click().run()
    assert texts(at) == [] and at.title[0].value == "Sign in"


def test_unconfigured_app_is_open_read_only_and_logs_it(caplog):
    auth._logged_open.clear()
    with caplog.at_level("WARNING", logger="dashboard.auth"):
        at = app()
    assert texts(at) == ["user= write=False"]
    assert at.sidebar.caption[0].value.startswith("Read-only: this dashboard is open to everyone without sign-in")
    assert any("the dashboard is open to everyone (read-only)" in r.getMessage() for r in caplog.records)


def test_open_role_analyst_lets_a_single_user_machine_write():
    at = app(access={"open_role": "analyst"})
    assert texts(at) == ["user= write=True"]


def test_oidc_signed_in_roles_follow_the_analyst_list(monkeypatch):
    monkeypatch.setattr(auth, "oidc_problems", lambda section: [])  # Authlib is not installed here
    at = AppTest.from_function(page, default_timeout=30)
    at.secrets["auth"] = OIDC
    at.secrets["roles"] = {"analysts": ["ana@example.org", "@newsroom.example.org"]}
    at.session_state["lang"] = "en"
    for email, write in (("ana@example.org", True), ("bo@newsroom.example.org", True), ("eve@example.com", False)):
        at.user = {"is_logged_in": True, "email": email}
        at.run()
        assert texts(at) == [f"user={email} write={write}"]
    at.user = {"is_logged_in": False}
    at.run()
    assert texts(at) == [] and at.button[0].label == "Sign in"


def test_oidc_configuration_is_validated_and_what_is_missing_is_said():
    assert auth.oidc_problems({**OIDC, "redirect_uri": "/oauth2callback", "cookie_secret": "short"})[:2] == [
        "auth.redirect_uri '/oauth2callback' must be an absolute http(s) URL ending in /oauth2callback",
        f"auth.cookie_secret is shorter than {auth.MIN_COOKIE_SECRET} characters"]
    partial = {k: v for k, v in OIDC.items() if k != "client_secret"}
    assert "auth.client_secret is missing" in auth.oidc_problems(partial)
    named = {k: OIDC[k] for k in ("redirect_uri", "cookie_secret")} | {"google": {"client_id": "x"}}
    assert {"auth.google.client_secret is missing", "auth.google.server_metadata_url is missing"} <= set(
        auth.oidc_problems(named))
    at = app(auth=partial)
    assert texts(at) == []  # fails closed: an incomplete sign-in configuration never runs the app open
    assert at.error[0].value.startswith("Sign-in is configured in .streamlit/secrets.toml but incomplete:")
    assert "- auth.client_secret is missing" in at.error[0].value


def test_password_hashes_are_salted_and_compared_safely():
    a, b = auth.hash_password("same", 1000), auth.hash_password("same", 1000)
    assert a != b and auth.verify_password("same", a) and auth.verify_password("same", b)
    assert not auth.verify_password("same", "plain text") and not auth.verify_password("same", "")


def test_the_app_itself_asks_for_sign_in_before_showing_anything(monkeypatch, tmp_path):
    monkeypatch.setenv("NARRATIVE_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["passwords"] = PASSWORDS
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Sign in" and not at.get("plotly_chart")
