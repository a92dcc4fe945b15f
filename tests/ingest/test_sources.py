"""read_sources: folders, globs, format detection, stdin, URLs (loopback only) and totals."""

from __future__ import annotations

import http.server
import io
import json
import threading

import pytest

from dotterel.ingest import estimate_total, read_sources
from dotterel.ingest.sources import sniff
from dotterel.records import Article, Reject

STORY = "The ferry company of Wexmoor cancelled its evening crossings."
RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
    "<item><title>T</title><link>http://wire.example/1</link>"
    "<description>Dock workers joined the strike.</description></item></channel></rss>"
)


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Miners marched."})
        + "\n"
        + json.dumps({"id": "j2", "text": "Miners went home."})
        + "\n"
    )
    (tmp_path / "sub" / "c.csv").write_text("id,text\nc1,Farmers protested.\n")
    (tmp_path / "sub" / "d.xml").write_text(RSS)
    (tmp_path / "sub" / "noext").write_text("<html><body><p>" + STORY + "</p></body></html>")
    (tmp_path / ".hidden.txt").write_text("Not read.")
    (tmp_path / "e.bin").write_bytes(b"\x00\x01\x02binary")
    return tmp_path


@pytest.mark.parametrize("fmt", ["auto"])
def test_read_sources_walks_folder_in_order_with_detected_formats(corpus, fmt):
    items = list(read_sources([str(corpus)], fmt=fmt))
    articles = [i for i in items if isinstance(i, Article)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [a.origin.replace(str(corpus), "") for a in articles] == [
        "/a.txt",
        "/sub/b.jsonl:1",
        "/sub/b.jsonl:2",
        "/sub/c.csv:2",
        "/sub/d.xml:1",
        "/sub/noext",
    ]
    assert articles[-1].text == STORY
    assert [r.origin.replace(str(corpus), "") for r in rejects] == ["/e.bin"]
    assert "binary" in rejects[0].reason


@pytest.mark.parametrize(("pattern", "n"), [("**/*.jsonl", 2), ("*.txt", 1), ("*.none", 0)])
def test_read_sources_expands_globs(corpus, pattern, n):
    items = list(read_sources([str(corpus / pattern)]))
    assert len([i for i in items if isinstance(i, Article)]) == n
    if n == 0:
        assert "no file matches" in items[0].reason


@pytest.mark.parametrize("path", ["missing.txt", "missing-folder/"])
def test_read_sources_missing_path_is_a_reject(tmp_path, path):
    (reject,) = read_sources([str(tmp_path / path)])
    assert isinstance(reject, Reject) and reject.reason == "no such file or folder"


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b'{"text": 1}', "jsonl"),
        (b"\xef\xbb\xbf[{}]", "jsonl"),
        (b'<?xml version="1.0"?><rss>', "rss"),
        (b"<feed xmlns=", "rss"),
        (b"<!doctype html><html>", "html"),
        (b"Plain words.", "text"),
    ],
)
def test_sniff_guesses_format(head, fmt):
    assert sniff(head) == fmt


@pytest.mark.parametrize(
    ("data", "fmt", "texts"),
    [
        (STORY.encode(), "auto", [STORY]),
        (b'{"text": "One."}\n{"text": "Two."}\n', "auto", ["One.", "Two."]),
        (b"text\nOne.\n", "csv", ["One."]),
    ],
)
def test_read_sources_reads_stdin(monkeypatch, data, fmt, texts):
    fake = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)))
    monkeypatch.setattr("sys.stdin", fake)
    items = list(read_sources(["-"], fmt=fmt))
    assert [a.text for a in items] == texts


@pytest.mark.parametrize("limit", [20])
def test_read_sources_oversized_file_rejected_unread(corpus, limit):
    (reject,) = read_sources([str(corpus / "a.txt")], max_bytes=limit)
    assert "over the" in reject.reason


class _Handler(http.server.BaseHTTPRequestHandler):
    routes = {
        "/feed": ("application/rss+xml", RSS.encode()),
        "/page": (
            "text/html",
            ("<html><body><article><p>" + STORY * 3 + "</p></article>").encode(),
        ),
    }

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        if self.path not in self.routes:
            self.send_error(404)
            return
        kind, body = self.routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/feed", "Dock workers joined the strike."), ("/page", STORY)],
)
def test_read_sources_fetches_urls(server, path, expected):
    items = list(read_sources([server + path], timeout=5))
    assert isinstance(items[0], Article)
    assert items[0].text.startswith(expected)


@pytest.mark.parametrize("path", ["/missing"])
def test_read_sources_http_error_is_a_fetch_reject(server, path):
    (reject,) = read_sources([server + path], timeout=5)
    assert reject.stage == "fetch" and "404" in reject.reason


@pytest.mark.parametrize(("sources", "total"), [(["a.txt", "sub/b.jsonl", "sub/c.csv"], 4)])
def test_estimate_total_counts_files_and_lines(corpus, sources, total):
    assert estimate_total([str(corpus / s) for s in sources]) == total


@pytest.mark.parametrize("source", ["sub/d.xml", "-"])
def test_estimate_total_unknown_for_feeds_and_stdin(corpus, source):
    path = source if source == "-" else str(corpus / source)
    assert estimate_total([path]) is None
