"""Embeddable cards in a real browser: shown in an iframe on a page of an allowed origin,
refused by the browser on any other."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.browser

EMBED = "/en/embed/compare/citizen-card-vs-social-security-card/point/1/"


@pytest.fixture
def job_site():
    """start(html) → the origin of a page of "the job site": a small server on loopback (the
    browser lets only local pages frame local ones), stopped after the test."""
    servers = []

    def start(html):
        class Page(BaseHTTPRequestHandler):
            def do_GET(self):
                body = html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("allowed", [True, False])
def test_embed_is_framed_only_by_allowed_origins(
    seeded_server, open_page, settings, job_site, allowed
):
    html = f'<!doctype html><title>Job ad</title><iframe src="{seeded_server.url}{EMBED}"></iframe>'
    host = job_site(html)
    settings.CORS_ALLOWED_ORIGINS = [host] if allowed else ["https://other.example.com"]
    page = open_page(800)
    with page.expect_response(f"{seeded_server.url}{EMBED}") as embed:
        page.goto(f"{host}/", wait_until="load")
    assert embed.value.status == 200  # served either way: the browser decides on the header
    frame = next(frame for frame in page.frames if frame != page.main_frame)
    if allowed:
        assert frame.locator(".embed__kicker").inner_text() == "Issuer"
        # Its own stylesheet applies inside the frame.
        border = frame.locator(".embed").evaluate("e => getComputedStyle(e).borderTopStyle")
        assert border == "solid"
    else:
        assert frame.locator(".embed").count() == 0
