"""Docs and packaging are enforced: every route and parameter is documented, the dashboard loads
nothing from the internet, and the vendored JavaScript matches the npm lockfile."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dotterel.cli.serve import serve_command
from dotterel.server import DASHBOARD_DIR

REPO = Path(__file__).resolve().parents[2]
API_DOC = (REPO / "docs" / "api.md").read_text(encoding="utf-8")


def _operations(app) -> list[tuple[str, str, dict]]:
    """(METHOD, path, operation) of every route in the app's OpenAPI schema."""
    return [
        (method.upper(), path, op)
        for path, ops in app.openapi()["paths"].items()
        for method, op in ops.items()
    ]


@pytest.fixture
def full_app(store_path, client_for):
    """The app with every optional route (ingest) switched on."""
    with client_for(store_path, token="t" * 32) as c:
        yield c.app


def test_docs_every_route_has_a_section(full_app):
    operations = _operations(full_app)
    assert ("POST", "/api/v1/ingest") in {(m, p) for m, p, _ in operations}
    assert len(operations) >= 11
    for method, path, _ in operations:
        assert f"### `{method} {path}`" in API_DOC, f"{method} {path}"


def test_docs_every_query_parameter_is_documented(full_app):
    for _, path, operation in _operations(full_app):
        for param in operation.get("parameters", []):
            if param["in"] == "query":
                assert f"`{param['name']}`" in API_DOC, (path, param["name"])


def test_docs_every_serve_option_is_documented():
    for param in serve_command.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert f"`{opt}" in API_DOC, opt
    assert serve_command.help


def test_docs_page_uses_vendored_swagger(client):
    html = client.get("/docs").text
    assert "cdn" not in html.lower()
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert src.startswith("/assets/")
        assert client.get(src).status_code == 200, src


def test_docs_openapi_schema_served(client):
    schema = client.get("/openapi.json").json()
    assert "/api/v1/events" in schema["paths"]


def _own_dashboard_files() -> list[Path]:
    return [
        p
        for p in DASHBOARD_DIR.rglob("*")
        if p.is_file() and "vendor" not in p.parts and p.suffix in (".html", ".js", ".css", ".svg")
    ]


def test_dashboard_loads_nothing_from_the_internet():
    files = _own_dashboard_files()
    assert any(p.name == "index.html" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        urls = re.findall(r"https?://[^\s\"')]+", text)
        # The SVG namespace is a name, not a download.
        assert [u for u in urls if not u.startswith("http://www.w3.org/")] == [], path


def test_dashboard_assets_referenced_by_index_exist(client):
    html = client.get("/").text
    refs = re.findall(r'(?:src|href)="(/assets/[^"]+)"', html)
    assert len(refs) >= 4
    for ref in refs:
        assert client.get(ref).status_code == 200, ref


def test_dashboard_modules_import_only_local_files():
    for path in (DASHBOARD_DIR / "js").glob("*.js"):
        for target in re.findall(r'from\s+"([^"]+)"', path.read_text(encoding="utf-8")):
            assert target.startswith("./"), (path.name, target)
            assert (path.parent / target).is_file(), (path.name, target)


def test_vendored_packages_match_the_lockfile():
    lock = json.loads((REPO / "web" / "package-lock.json").read_text(encoding="utf-8"))
    versions = json.loads((DASHBOARD_DIR / "vendor" / "VERSIONS.json").read_text())
    for name, info in versions.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == info["version"], name
        folder = DASHBOARD_DIR / "vendor" / info["dir"]
        assert (folder / "LICENSE").is_file(), name


def test_docs_schema_documents_the_error_shape(full_app):
    schema = full_app.openapi()
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert set(error["properties"]) == {"code", "message", "hint"}
    for method, path, operation in _operations(full_app):
        assert "422" not in operation["responses"], (method, path)
        assert "400" in operation["responses"], (method, path)
    assert "401" in schema["paths"]["/api/v1/ingest"]["post"]["responses"]
