"""Through a real gunicorn server with the production settings: what the test client cannot
reach (it reads `//x` as a host; runserver folds `//` into `/`)."""

import pytest

# Its servers use a database and cache of their own, not the pass's: the same run in both passes.
pytestmark = pytest.mark.backend_independent

ODD_PATHS = [
    "//[/",
    "//]/",
    "//[",
    "///[/",
    "//%EF%BC%9F/",  # //？/
    "//%EF%BC%83/",  # //＃/
    "//[/en/",
    "/en//[/",
    "/zh-hans//]/",
    "//%5B/",
    "//example.com/",
    "//[::1]:80/",
    "/en/compare/[/",
]


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths_are_a_styled_404_not_a_500(gunicorn_server, path):
    status, headers, body = gunicorn_server.raw(path.encode())
    assert status == 404, (path, status)
    assert headers["content-type"].startswith("text/html")
    assert b'class="error-page"' in body
    assert "Internal Server Error" not in gunicorn_server.log.read_text()


def test_raw_non_ascii_in_the_request_line_is_refused_by_the_server(gunicorn_server):
    status, _headers, _body = gunicorn_server.raw("//？/".encode())
    assert 400 <= status < 500


def test_a_language_prefix_in_another_case_redirects_to_the_canonical_one(gunicorn_server):
    status, headers, _body = gunicorn_server.raw(b"/EN/laws/?page=1")
    assert (status, headers["location"]) == (301, "/en/laws/?page=1")


@pytest.mark.parametrize("path", ["/en/", "/zh-hans/laws/", "/en/no/such/page/"])
def test_head_answers_carry_the_headers_of_get_and_no_body(gunicorn_server, path):
    get_status, get_headers, get_body = gunicorn_server.raw(path.encode())
    status, headers, body = gunicorn_server.raw(path.encode(), method=b"HEAD")
    assert (status, body) == (get_status, b"")
    assert int(headers["content-length"]) == len(get_body) > 0
    assert "body bytes" not in gunicorn_server.log.read_text()
