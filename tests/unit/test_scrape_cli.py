"""`newsstream scrape` argument checks and `newsstream fixture-site` as a user starts them."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx

from conftest import DEMO_ARTICLES
from processes import NEWSSTREAM, REPO_ROOT, free_port


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NEWSSTREAM, *args], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60, env=env
    )


def test_scrape_needs_sources_and_url_needs_one_page_file() -> None:
    nothing = run_cli("scrape")
    assert nothing.returncode == 2 and "SOURCE arguments or --sources FILE" in nothing.stderr
    folder_with_url = run_cli("scrape", str(DEMO_ARTICLES), "--url", "https://example.com/a")
    assert folder_with_url.returncode == 2 and "single local page file" in folder_with_url.stderr


def test_a_broken_sources_file_is_reported(tmp_path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - {feed: 'not a url'}\n")
    result = run_cli("scrape", "--sources", str(path))
    assert result.returncode == 1
    assert "newsstream scrape: error:" in result.stderr and "not an http(s) URL" in result.stderr


def test_a_refused_address_is_reported_as_blocked_address_and_fails_the_run(
    tmp_path: Path,
) -> None:
    """No broker is needed: nothing is fetched, so nothing is published."""
    env = {
        **os.environ,
        "NEWSSTREAM_FETCH_ALLOWED_NETWORKS": "",
        "NEWSSTREAM_SCRAPER_STATE_DIR": str(tmp_path / "state"),
        "NEWSSTREAM_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}",
    }
    url = f"http://localhost.:{free_port()}/"
    result = run_cli("scrape", url, env=env)
    assert result.returncode == 1, result.stderr
    refusal = f"error: {url}: blocked_address: localhost. is a loopback name, not a public address"
    assert refusal in result.stderr.splitlines()
    assert "robots" not in result.stderr


def test_fixture_site_serves_the_demo_pages() -> None:
    port = free_port()
    process = subprocess.Popen(
        [*NEWSSTREAM, "fixture-site", str(DEMO_ARTICLES), "--port", str(port)],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                robots = httpx.get(f"{base}/robots.txt", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.2)
        assert "Disallow: /private/" in robots.text
        feed = httpx.get(f"{base}/feeds/news.xml", timeout=5).text
        assert feed.count("<item>") == len(
            [p for p in DEMO_ARTICLES.iterdir() if p.suffix != ".md"]
        )
        assert httpx.get(f"{base}/misbehaving/error", timeout=5).status_code == 500
    finally:
        process.terminate()
        process.wait(timeout=30)
