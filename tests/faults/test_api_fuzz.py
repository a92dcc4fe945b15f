"""Schemathesis over the app's own OpenAPI schema: generated requests, valid and invalid, never
get a 5xx, and every response conforms to the schema (status codes, content type, body)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from dotterel.coder import CodedArticle
from dotterel.records import Article
from dotterel.server import ServerSettings, create_app
from tests.server.server_records import TOKEN, build_sample_store

#: Examples per API operation and mode (bounded: the whole file runs in about a minute).
MAX_EXAMPLES = 50
#: Statuses that correctly refuse a request that breaks the schema.
NEGATIVE_OK = (400, 401, 404, 405, 413, 414, 415, 422)


def _no_events(text: str, **meta: Any) -> list:
    """POST /code without the spaCy model: the coder is not what is fuzzed here."""
    return []


def _store_articles(articles: list[dict[str, Any]]) -> list[CodedArticle]:
    """POST /ingest without the model: each article is stored with no events."""
    out = []
    for a in articles:
        ident = a.get("id") or Article.make_id(a["text"])
        out.append(CodedArticle(Article(ident, a["text"], a.get("title"), None), ()))
    return out


@pytest.fixture
def api_schema(tmp_path: Path) -> Any:
    """The schema of an app over the sample store, ingest enabled."""
    store = build_sample_store(str(tmp_path / "events.db"))
    app = create_app(
        ServerSettings(
            store=store,
            token=TOKEN,
            code_text=_no_events,
            code_articles=_store_articles,
            allowed_hosts=("localhost", "testserver", "127.0.0.1"),
        )
    )
    config = SchemathesisConfig.from_dict(
        {
            "checks": {
                # Size limits answer 413/414 (documented), before any validation.
                "negative_data_rejection": {"expected-statuses": [*NEGATIVE_OK]},
                # Filter values are checked against vocabularies (actor codes, event types,
                # statuses) that the schema describes in prose, so a schema-valid string such as
                # actor=0.1.0 is rightly a 400: not a failure of the API.
                "positive_data_acceptance": {"enabled": False},
            }
        }
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


#: Every operation in the schema (pinned, so a new route must be added here and is fuzzed).
OPERATIONS = [
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/meta"),
    ("GET", "/api/v1/events"),
    ("GET", "/api/v1/events/{event_id}"),
    ("GET", "/api/v1/articles/{article_id}"),
    ("GET", "/api/v1/dyads"),
    ("GET", "/api/v1/timeline"),
    ("GET", "/api/v1/countries"),
    ("GET", "/api/v1/places"),
    ("GET", "/api/v1/clusters"),
    ("GET", "/api/v1/clusters/{cluster_id}"),
    ("POST", "/api/v1/code"),
    ("POST", "/api/v1/ingest"),
]


def test_api_fuzz_covers_every_operation(api_schema: Any) -> None:
    found = sorted((o.ok().method.upper(), o.ok().path) for o in api_schema.get_all_operations())
    assert found == sorted(OPERATIONS)


#: Operations with no parameters or body: nothing to make invalid.
_NO_INPUT = {"/api/v1/health", "/api/v1/meta"}
CASES = [
    (method, path, mode)
    for method, path in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if not (mode is GenerationMode.NEGATIVE and path in _NO_INPUT)
]


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_api_fuzz_no_server_error_and_conforms_to_schema(
    api_schema: Any, method: str, path: str, mode: GenerationMode
) -> None:
    operation = api_schema[path][method]

    # The schema's own strategy: valid requests (positive) or requests that break it (negative).
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case: Any) -> None:
        # The right token unless the case itself sends an Authorization header to test.
        sent = {k.lower() for k in case.headers or {}}
        auth = {} if "authorization" in sent else {"Authorization": f"Bearer {TOKEN}"}
        case.call_and_validate(headers=auth)

    check()
