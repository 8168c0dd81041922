"""The OpenAPI document validates, lists every endpoint, and its docs need no other host."""

import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern
from openapi_spec_validator import validate

from api import urls as api_urls

SKIPPED = {"openapi", "docs", None}  # the document, its viewer and the catch-all 404


def documented_paths():
    """/api/v1/… paths of api.urls in OpenAPI's {name} form."""
    paths = set()
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in SKIPPED:
            continue
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        paths.add("/api/v1/" + route)
    return paths


def test_openapi_document_is_valid_and_lists_every_endpoint(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == documented_paths()
    for path, operations in document["paths"].items():
        assert set(operations) == {"get"}, path  # read-only
        names = {p["name"] for p in operations["get"]["parameters"]}
        assert {"lang", "If-None-Match"} <= names, path
        assert {"200", "304", "429"} <= set(operations["get"]["responses"]), path
    text = document["components"]["schemas"]["TranslatedText"]
    assert set(text["properties"]) == {"value", "language", "fallback"}


def test_docs_are_served_from_our_own_static_files(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle" in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and b"/api/v1/openapi.json" in script.content


def test_schema_generation_has_no_warnings(tmp_path, db):
    # Warnings mean a field or an operation the generator could not describe.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs/"])
@pytest.mark.parametrize("method", ["options", "post", "delete"])
def test_the_schema_and_docs_refuse_other_methods_with_a_json_problem(client, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"  # no OPTIONS listed that would be refused
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 405


def test_an_over_long_api_address_is_a_documented_json_414(client, settings):
    response = client.get("/api/v1/laws/?q=" + "a" * settings.MAX_URL_LENGTH)
    assert response.status_code == 414
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 414
    schema = client.get("/api/v1/openapi.json").json()
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert "414" in operation["responses"], operation["operationId"]


def test_the_414_speaks_the_callers_language(client, settings):
    response = client.get(
        "/api/v1/laws/?q=" + "a" * settings.MAX_URL_LENGTH, headers={"accept-language": "zh-hans"}
    )
    assert response.json()["detail"] == "网址过长。"
