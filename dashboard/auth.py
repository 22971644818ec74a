"""Sign-in and roles: OIDC through ``st.login`` or a password gate, configured in .streamlit/secrets.toml.

*viewer* browses, filters and exports; *analyst* also corrects tone, retrains, overrides topics and saves
uploads into the shared store. With nothing configured the app runs open and read-only, and logs so.
Pages ask ``can_write()`` before any change to the shared store and ``user()`` for who made it.

secrets.toml (any one of the three; ``python -m dashboard.auth NAME ROLE`` prints a password entry):

    [auth]                      # OIDC, Streamlit's own keys
    redirect_uri = "https://news.example.org/oauth2callback"
    cookie_secret = "a long random string"
    client_id = "..."
    client_secret = "..."
    server_metadata_url = "https://accounts.example.org/.well-known/openid-configuration"
    [roles]
    analysts = ["ana@example.org", "@newsroom.example.org"]   # everyone else signed in is a viewer

    [passwords]                 # hosts without OIDC: salted PBKDF2 hashes, never the password
    ana = { role = "analyst", hash = "pbkdf2_sha256$200000$<salt hex>$<hash hex>" }

    [access]
    open_role = "analyst"       # a single-user machine: no sign-in, everyone may write (logged)
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

import streamlit as st

from dashboard.i18n import lang

ROLES = ("viewer", "analyst")
ITERATIONS = 200_000
MAX_FAILURES = 5  # failed sign-ins per client...
WINDOW_SECONDS = 15 * 60  # ...within this window, then that client waits until the window ends
SESSION_KEY = "auth_user"
OIDC_KEYS = ("client_id", "client_secret", "server_metadata_url")
MIN_COOKIE_SECRET = 32
_log = logging.getLogger("dashboard.auth")
_logged_open = threading.Event()


def say(en: str, zh: str) -> str:
    return en if lang() == "en" else zh


def _section(name: str) -> Mapping | None:
    """A top-level section of st.secrets, or None when absent (also when there is no secrets file)."""
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets.toml at all: nothing is configured
        return None
    return value if isinstance(value, Mapping) else None


def _absolute(url: object) -> bool:
    parts = urlparse(str(url))
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def oidc_problems(section: Mapping) -> list[str]:
    """What an ``[auth]`` section lacks for ``st.login`` to work, one sentence each (empty when valid)."""
    problems = []
    redirect = section.get("redirect_uri")
    if not redirect:
        problems.append("auth.redirect_uri is missing (your app's URL ending in /oauth2callback)")
    elif not _absolute(redirect) or not str(redirect).endswith("/oauth2callback"):
        problems.append(f"auth.redirect_uri {redirect!r} must be an absolute http(s) URL ending in /oauth2callback")
    secret = section.get("cookie_secret")
    if not secret:
        problems.append("auth.cookie_secret is missing (a long random string)")
    elif len(str(secret)) < MIN_COOKIE_SECRET:
        problems.append(f"auth.cookie_secret is shorter than {MIN_COOKIE_SECRET} characters")
    for name, conf in _providers(section).items():
        where = "auth" if name == "default" else f"auth.{name}"
        if "_" in name:
            problems.append(f"provider name {name!r} must not contain an underscore")
        for key in OIDC_KEYS:
            if not conf.get(key):
                problems.append(f"{where}.{key} is missing")
        url = conf.get("server_metadata_url")
        if url and not _absolute(url):
            problems.append(f"{where}.server_metadata_url {url!r} must be an absolute http(s) URL")
    try:
        import authlib  # noqa: F401
    except ImportError:
        problems.append("the Authlib package is not installed (pip install 'Authlib>=1.3.2')")
    return problems


def _providers(section: Mapping) -> dict[str, Mapping]:
    """OIDC providers in ``[auth]``: the flat keys as ``default``, plus each ``[auth.NAME]`` table."""
    named = {k: v for k, v in section.items() if isinstance(v, Mapping) and k != "client_kwargs"}
    flat = {k: section[k] for k in OIDC_KEYS if section.get(k)}
    return {"default": flat, **named} if flat or not named else named


def hash_password(password: str, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """A salted PBKDF2-SHA256 hash in the form secrets.toml keeps: ``pbkdf2_sha256$iter$salt$hash``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


_DUMMY = f"pbkdf2_sha256${ITERATIONS}${'00' * 16}${'00' * 32}"  # unknown users cost as much as known ones


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a stored hash (constant-time compare; malformed entries never match)."""
    try:
        scheme, iterations, salt, digest = str(stored).split("$")
        if scheme != "pbkdf2_sha256":
            return False
        got = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), int(iterations))
        return hmac.compare_digest(got, bytes.fromhex(digest))
    except ValueError:
        return False


@dataclass
class _Attempts:
    """Failed sign-ins per client, shared by every session of the process (a new tab gains nothing)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    failures: dict[str, list[float]] = field(default_factory=dict)

    def wait(self, client: str) -> float:
        """Seconds this client must wait before trying again (0 when it may try now)."""
        with self.lock:
            now = time.monotonic()
            recent = [t for t in self.failures.get(client, []) if now - t < WINDOW_SECONDS]
            self.failures[client] = recent
            return WINDOW_SECONDS - (now - recent[0]) if len(recent) >= MAX_FAILURES else 0.0

    def fail(self, client: str) -> None:
        with self.lock:
            self.failures.setdefault(client, []).append(time.monotonic())

    def clear(self, client: str) -> None:
        with self.lock:
            self.failures.pop(client, None)


ATTEMPTS = _Attempts()


def client_id() -> str:
    """Who is knocking: the client's address (the proxy's X-Real-IP when ``[access] trust_proxy`` is set)."""
    access = _section("access") or {}
    try:
        if access.get("trust_proxy"):
            real = st.context.headers.get("X-Real-Ip")
            if real:
                return real
        ip = st.context.ip_address
        return ip if isinstance(ip, str) and ip else "unknown"
    except Exception:
        return "unknown"


def mode() -> str:
    """``oidc``, ``oidc-invalid``, ``password`` or ``open``: how this app is configured."""
    auth = _section("auth")
    if auth is not None:
        return "oidc-invalid" if oidc_problems(auth) else "oidc"
    return "password" if _section("passwords") else "open"


def _oidc_role(email: str) -> str:
    analysts = [str(a).lower() for a in (_section("roles") or {}).get("analysts", [])]
    email = email.lower()
    domain = "@" + email.rsplit("@", 1)[-1] if "@" in email else None
    return "analyst" if email and (email in analysts or domain in analysts) else "viewer"


def current() -> dict[str, str] | None:
    """The signed-in person as {name, role}, or None (open mode, or not signed in yet)."""
    kind = mode()
    if kind == "oidc":
        u = st.user
        if not getattr(u, "is_logged_in", False):
            return None
        email = str(u.get("email") or "")
        return {"name": email or str(u.get("name") or ""), "role": _oidc_role(email)}
    if kind == "password":
        return st.session_state.get(SESSION_KEY)
    return None


def user() -> str:
    """Who is signed in (e-mail or user name), empty in open mode: recorded with every change."""
    who = current()
    return who["name"] if who else ""


def can_write() -> bool:
    """Whether this visitor may change the shared store (corrections, retrain, topic overrides, saving uploads)."""
    who = current()
    if who is not None:
        return who["role"] == "analyst"
    return mode() == "open" and str((_section("access") or {}).get("open_role", "")) == "analyst"


def read_only_reason() -> str:
    """Why changes are disabled for this visitor, for a caption beside the disabled control."""
    if mode() == "open":
        return say("Read-only: this dashboard is open to everyone without sign-in, so changes are disabled.",
                   "只读：本看板未配置登录，任何人都可访问，因此不能修改。")
    return say("Read-only: your role is viewer; ask for the analyst role to correct, retrain or override topics.",
               "只读：您的角色是浏览者；如需修正、重新训练或调整主题，请申请分析员角色。")


def gate() -> None:
    """Ask for sign-in when configured (stopping the script until signed in); otherwise run open and say so."""
    kind = mode()
    if kind == "oidc-invalid":
        _log.error("sign-in is configured but invalid: %s", "; ".join(oidc_problems(_section("auth"))))
        st.error(say("Sign-in is configured in .streamlit/secrets.toml but incomplete:",
                     "已在 .streamlit/secrets.toml 中配置登录，但配置不完整：")
                 + "\n\n" + "\n".join(f"- {p}" for p in oidc_problems(_section("auth"))))
        st.stop()
    if kind == "open":
        _log_open()
        with st.sidebar:
            st.caption(read_only_reason() if not can_write() else say(
                "Open without sign-in; everyone may make changes.", "无需登录，所有人都可修改。"))
        return
    who = current()
    if who is None:
        _oidc_form() if kind == "oidc" else _password_form()
        st.stop()
    with st.sidebar:
        st.caption(say(f"Signed in as {who['name']} ({who['role']})", f"已登录：{who['name']}（{who['role']}）"))
        if st.button(say("Sign out", "退出登录"), key="auth_sign_out"):
            if kind == "oidc":
                st.logout()
            st.session_state.pop(SESSION_KEY, None)
            st.rerun()


def _log_open() -> None:
    """Log once per process that the app is open (and whether open visitors may write)."""
    if not _logged_open.is_set():
        _logged_open.set()
        role = str((_section("access") or {}).get("open_role", "")) or "read-only"
        _log.warning("no sign-in configured in .streamlit/secrets.toml: the dashboard is open to everyone (%s)", role)


def _oidc_form() -> None:
    st.title(say("Sign in", "登录"))
    st.write(say("This dashboard is private. Sign in to continue.", "本看板需要登录后查看。"))
    for name in _providers(_section("auth")):
        label = say("Sign in", "登录") if name == "default" else say(f"Sign in with {name}", f"使用 {name} 登录")
        if st.button(label, key=f"auth_login_{name}", type="primary"):
            st.login() if name == "default" else st.login(name)


def _password_form() -> None:
    st.title(say("Sign in", "登录"))
    client = client_id()
    wait = ATTEMPTS.wait(client)
    if wait:
        st.error(say(f"Too many failed sign-ins from this address: try again in {int(wait // 60) + 1} minutes.",
                     f"此地址登录失败次数过多，请 {int(wait // 60) + 1} 分钟后再试。"))
        return
    with st.form("auth_password"):
        name = st.text_input(say("User name", "用户名"), key="auth_name")
        password = st.text_input(say("Password", "密码"), type="password", key="auth_password")
        submitted = st.form_submit_button(say("Sign in", "登录"), type="primary")
    if not submitted:
        return
    entry = (_section("passwords") or {}).get(name.strip())
    stored = entry.get("hash", "") if isinstance(entry, Mapping) else ""
    ok = verify_password(password, stored or _DUMMY) and bool(stored)
    role = str(entry.get("role", "viewer")) if ok else ""
    if ok and role not in ROLES:
        _log.error("user %r has role %r in secrets.toml; roles are %s", name.strip(), role, ", ".join(ROLES))
    if ok and role in ROLES:
        ATTEMPTS.clear(client)
        st.session_state[SESSION_KEY] = {"name": name.strip(), "role": role}
        _log.info("signed in: %s (%s) from %s", name.strip(), role, client)
        st.rerun()
    ATTEMPTS.fail(client)
    _log.warning("failed sign-in for %r from %s", name.strip(), client)
    st.error(say("Wrong user name or password.", "用户名或密码错误。"))


def _main() -> None:
    """Print a secrets.toml password entry: ``python -m dashboard.auth NAME ROLE`` (asks for the password)."""
    import getpass
    import sys

    if len(sys.argv) != 3 or sys.argv[2] not in ROLES:
        sys.exit(f"usage: python -m dashboard.auth NAME {{{'|'.join(ROLES)}}}")
    password = getpass.getpass("password: ")
    if password != getpass.getpass("again: "):
        sys.exit("the passwords differ")
    print(f'{sys.argv[1]} = {{ role = "{sys.argv[2]}", hash = "{hash_password(password)}" }}')


if __name__ == "__main__":
    _main()
