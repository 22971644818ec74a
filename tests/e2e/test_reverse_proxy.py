"""deploy/nginx.conf, as shipped, in front of the dashboard: Debian's nginx accepts it, plain HTTP redirects
to HTTPS, the health check and the page's websocket pass through TLS, and uploads over the limit stop at
the proxy. Only the addresses, ports and certificate paths are changed for the test."""
from __future__ import annotations

import re
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HAS_CHART = "() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0"


def site_config(upstream: int, http_port: int, https_port: int, cert: Path, key: Path) -> str:
    """deploy/nginx.conf with loopback ports, the test's certificate and the test server as upstream."""
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    text = re.sub(r"listen 443 ssl( http2)?;", lambda m: f"listen 127.0.0.1:{https_port} ssl{m.group(1) or ''};", text)
    text = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", text)
    text = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", text)
    text = text.replace("https://$host$request_uri", f"https://$host:{https_port}$request_uri")
    return text.replace("http://127.0.0.1:8501", f"http://127.0.0.1:{upstream}")


@pytest.fixture(scope="module")
def proxy(server, tmp_path_factory):
    """nginx on loopback in front of the session's dashboard server; yields (http URL, https URL)."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is absent: apt-get install -y nginx-light (.ci/run installs it)")
    tmp = tmp_path_factory.mktemp("nginx")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=news.example.org", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    http_port, https_port = free_port(), free_port()
    upstream = int(server.rsplit(":", 1)[1])
    (tmp / "site.conf").write_text(site_config(upstream, http_port, https_port, cert, key), encoding="utf-8")
    (tmp / "nginx.conf").write_text(
        f"daemon off; pid {tmp}/nginx.pid; error_log {tmp}/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;\n"
        f"  include {tmp}/site.conf; }}\n", encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, f"Debian's nginx rejects deploy/nginx.conf: {check.stderr}"
    proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    https = f"https://127.0.0.1:{https_port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{https}/_stcore/health", context=_insecure(), timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{http_port}", https
    proc.terminate()
    proc.wait(timeout=10)


def _insecure() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_http_redirects_to_https_and_health_passes(proxy):
    http, https = proxy
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.build_opener(_NoRedirect).open(f"{http}/tone?lang=en", timeout=10)
    assert err.value.code == 301
    assert err.value.headers["Location"] == f"{https}/tone?lang=en"
    with urllib.request.urlopen(f"{https}/_stcore/health", context=_insecure(), timeout=10) as r:
        assert r.read().strip() == b"ok"


def test_upload_over_the_limit_stops_at_the_proxy(proxy):
    _, https = proxy
    body = b"x" * (13 * 1024 * 1024)
    req = urllib.request.Request(f"{https}/_stcore/upload_file/s/f", data=body, method="PUT")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, context=_insecure(), timeout=60)
    assert err.value.code == 413


def test_page_draws_through_the_proxy_websocket(proxy, browser):
    _, https = proxy
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, ignore_https_errors=True)
    try:
        page = ctx.new_page()
        sockets = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.goto(f"{https}/tone?lang=en")
        page.wait_for_function(HAS_CHART, timeout=120_000)
        assert any(u.startswith(f"wss://127.0.0.1:{https.rsplit(':', 1)[1]}/_stcore/stream") for u in sockets)
        assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == "Tone"
    finally:
        ctx.close()
