"""The polite fetcher and its parts: address guard, body limits, host gates, robots.txt, and
the Fetcher against the fixture site (served on 127.0.0.1 from demo/articles)."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import itertools
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, NamedTuple

import aiohttp
import pytest
from aiohttp import web
from prometheus_client import REGISTRY

from newsstream.common.settings import Settings
from newsstream.fixturesite.server import FixtureSite, serve_in_thread
from newsstream.ingestion import netguard
from newsstream.ingestion.bodies import (
    BodyTooLargeError,
    UnsupportedEncodingError,
    content_encoding,
    read_limited,
)
from newsstream.ingestion.fetch import (
    Fetcher,
    FetchError,
    Validators,
    _connection_failure,
    backoff_s,
    connection_host,
    retry_after_s,
)
from newsstream.ingestion.netguard import (
    AddressPolicy,
    BlockedAddressError,
    GuardedResolver,
    parse_networks,
)
from newsstream.ingestion.politeness import HostGates
from newsstream.ingestion.robots import RobotsCache, rules_from_response

from conftest import DEMO_ARTICLES

# --- address guard -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.100.100.200",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "224.0.0.1",
    ],
)
def test_addresses_that_are_not_public_are_refused(address: str) -> None:
    assert not AddressPolicy().permits(ipaddress.ip_address(address))


def test_public_addresses_pass_and_the_allow_list_opens_private_ones() -> None:
    assert AddressPolicy().permits(ipaddress.ip_address("93.184.216.34"))
    assert AddressPolicy().permits(ipaddress.ip_address("2606:4700::1111"))
    policy = AddressPolicy(parse_networks("127.0.0.1/32, 10.0.0.0/8"))
    assert policy.permits(ipaddress.ip_address("127.0.0.1"))
    assert policy.permits(ipaddress.ip_address("10.9.9.9"))
    assert not policy.permits(ipaddress.ip_address("127.0.0.2"))
    with pytest.raises(ValueError):
        parse_networks("not-a-network")


class StaticResolver:
    def __init__(self, addresses: list[str]) -> None:
        self.addresses = addresses

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[dict[str, Any]]:
        return [
            {"hostname": host, "host": a, "port": port, "family": family, "proto": 0, "flags": 0}
            for a in self.addresses
        ]

    async def close(self) -> None:
        """Nothing to release."""


def test_a_name_with_any_private_answer_is_refused() -> None:
    public = GuardedResolver(AddressPolicy(), StaticResolver(["93.184.216.34"]))
    assert asyncio.run(public.resolve("example.com", 80))[0]["host"] == "93.184.216.34"
    rebinding = GuardedResolver(AddressPolicy(), StaticResolver(["93.184.216.34", "10.0.0.5"]))
    with pytest.raises(BlockedAddressError, match=r"10\.0\.0\.5"):
        asyncio.run(rebinding.resolve("example.com", 80))


@pytest.mark.parametrize(
    ("host", "refusal"),
    [
        ("169.254.169.254", "169.254.169.254 is not a public address"),
        ("[::1]", "[::1] is not a public address"),
        ("127.0.0.1.", "127.0.0.1. is not a public address"),
        ("0x7f.1.", "0x7f.1. (127.0.0.1) is not a public address"),
        ("2130706433", "2130706433 (127.0.0.1) is not a public address"),
        ("localhost", "localhost is a loopback name, not a public address"),
        ("localhost.", "localhost. is a loopback name, not a public address"),
        ("News.LocalHost.", "News.LocalHost. is a loopback name, not a public address"),
    ],
)
def test_addresses_and_localhost_names_are_checked_before_any_connection(
    host: str, refusal: str
) -> None:
    with pytest.raises(BlockedAddressError) as refused:
        AddressPolicy().check_host(host)
    assert str(refused.value) == refusal


def test_other_names_are_left_to_the_resolver_and_the_allow_list_opens_localhost() -> None:
    AddressPolicy().check_host("example.com")
    AddressPolicy().check_host("localhost.example.com")
    AddressPolicy(parse_networks("127.0.0.1/32")).check_host("localhost.")
    AddressPolicy(parse_networks("::1/128")).check_host("news.localhost")


def test_a_guard_refusal_is_found_however_the_http_client_wraps_it() -> None:
    refusal = BlockedAddressError("intranet.example resolves to 10.0.0.7, not a public address")
    wrapped = aiohttp.ClientOSError("cannot connect")
    wrapped.__cause__ = refusal
    assert str(_connection_failure(wrapped)) == f"blocked_address: {refusal}"
    assert str(_connection_failure(refusal)) == f"blocked_address: {refusal}"
    plain = _connection_failure(aiohttp.ClientOSError("connection reset"))
    assert str(plain) == "connection_error: ClientOSError: connection reset"


# --- bodies --------------------------------------------------------------------------------


async def chunks_of(data: bytes, size: int = 1000) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def read(data: bytes, encoding: str, wire: int = 10**6, decoded: int = 10**6) -> bytes:
    return asyncio.run(
        read_limited(
            chunks_of(data), encoding=encoding, max_wire_bytes=wire, max_decoded_bytes=decoded
        )
    )[0]


def test_bodies_are_decoded_gzip_zlib_and_raw_deflate() -> None:
    text = b"<p>news</p>" * 500
    raw_deflate = zlib.compressobj(wbits=-15)
    assert read(gzip.compress(text), "gzip") == text
    assert read(zlib.compress(text), "deflate") == text
    assert read(raw_deflate.compress(text) + raw_deflate.flush(), "deflate") == text
    assert read(text, "identity") == text


def test_a_decompression_bomb_and_an_oversized_body_are_refused() -> None:
    bomb = gzip.compress(b" " * 5_000_000)
    assert len(bomb) < 10_000
    with pytest.raises(BodyTooLargeError, match="decoded body larger than 100000"):
        read(bomb, "gzip", decoded=100_000)
    with pytest.raises(BodyTooLargeError, match="body larger than 5000 bytes"):
        read(b"x" * 6000, "identity", wire=5000)


def test_only_the_encodings_asked_for_are_accepted() -> None:
    assert content_encoding(None) == "identity"
    assert content_encoding("GZIP") == "gzip"
    with pytest.raises(UnsupportedEncodingError):
        content_encoding("br")
    with pytest.raises(UnsupportedEncodingError):
        content_encoding("gzip, gzip")


# --- host gates and retry timing -----------------------------------------------------------


def test_host_gates_keep_per_host_and_global_limits_and_the_delay() -> None:
    async def scenario() -> tuple[dict[str, int], int, list[float]]:
        gates = HostGates(total=3, per_host=2, per_host_delay_s=0.0)
        slow = HostGates(total=5, per_host=5, per_host_delay_s=0.1)
        in_flight: dict[str, int] = {}
        peak: dict[str, int] = {}
        total_peak = 0

        async def request(host: str) -> None:
            nonlocal total_peak
            async with gates.slot(host):
                in_flight[host] = in_flight.get(host, 0) + 1
                peak[host] = max(peak.get(host, 0), in_flight[host])
                total_peak = max(total_peak, sum(in_flight.values()))
                await asyncio.sleep(0.02)
                in_flight[host] -= 1

        starts: list[float] = []

        async def paced() -> None:
            async with slow.slot("a"):
                starts.append(time.monotonic())

        await asyncio.gather(*(request(h) for h in "aaaaabbbbbccccc"))
        await asyncio.gather(*(paced() for _ in range(4)))
        return peak, total_peak, starts

    peak, total_peak, starts = asyncio.run(scenario())
    assert max(peak.values()) == 2  # per host, though the global limit would allow 3
    assert total_peak == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert min(gaps) >= 0.095


def test_crawl_delay_slows_a_host_down_but_never_speeds_it_up() -> None:
    async def delays() -> tuple[float, float, float]:
        gates = HostGates(total=4, per_host=1, per_host_delay_s=1.0)
        gates.honour_crawl_delay("a", 5.0)
        gates.honour_crawl_delay("b", 0.2)
        gates.honour_crawl_delay("c", 3600.0)
        return gates._gate("a").delay_s, gates._gate("b").delay_s, gates._gate("c").delay_s

    assert asyncio.run(delays()) == (5.0, 1.0, 60.0)


def test_a_host_spelled_two_ways_is_one_host_for_the_guard_and_the_gates() -> None:
    spellings = ["http://News.Example.com/a", "http://news\u3002example\u3002com:80/b"]

    assert {connection_host(url) for url in spellings} == {"news.example.com"}
    assert connection_host("http://b\u00fccher.example/") != connection_host(
        "http://bucher.example/"
    )


def test_retry_after_and_backoff() -> None:
    assert retry_after_s("7") == 7.0
    assert (retry_after_s("Wed, 21 Oct 2099 07:28:00 GMT") or 0) > 50 and retry_after_s("x") is None
    assert all(0 <= backoff_s(attempt, 1.0, 8.0) <= min(8.0, 2**attempt) for attempt in range(6))


# --- robots.txt ----------------------------------------------------------------------------


def test_robots_answers_follow_rfc_9309() -> None:
    found = rules_from_response(200, b"User-agent: *\nDisallow: /private/\n", ttl_s=60)
    assert found.can_fetch("http://h/a", "newsstream/0.1")
    assert not found.can_fetch("http://h/private/x", "newsstream/0.1")
    assert rules_from_response(404, b"", ttl_s=60).can_fetch("http://h/private/x", "ua")
    for unreachable in (500, 429, None):
        assert not rules_from_response(unreachable, b"", ttl_s=60).can_fetch("http://h/a", "ua")


def test_a_robots_refusal_says_whether_the_file_forbids_or_could_not_be_read() -> None:
    found = rules_from_response(200, b"User-agent: *\nDisallow: /\n", ttl_s=60)
    assert found.refusal() == "disallowed by robots.txt"
    assert rules_from_response(503, b"", ttl_s=60).refusal() == (
        "robots.txt could not be read (HTTP 503), so nothing is fetched from the host"
    )
    assert rules_from_response(None, b"", ttl_s=60).refusal() == (
        "robots.txt could not be read (no HTTP answer), so nothing is fetched from the host"
    )


def test_robots_txt_is_read_once_per_origin() -> None:
    loads: list[str] = []

    async def loader(url: str) -> tuple[int | None, bytes]:
        loads.append(url)
        return 200, b"User-agent: newsstream\nDisallow: /\n"

    async def ask() -> list[bool]:
        cache = RobotsCache(loader, "newsstream/0.1 (+https://example.com)", ttl_s=60)
        urls = ["http://a.test/1", "http://a.test/2", "http://b.test/1", "http://A.test/3"]
        rules = await asyncio.gather(*(cache.rules_for(url) for url in urls))
        return [r.can_fetch(url, cache.user_agent) for r, url in zip(rules, urls, strict=True)]

    assert asyncio.run(ask()) == [False] * 4
    assert sorted(loads) == ["http://a.test/robots.txt", "http://b.test/robots.txt"]


# --- the Fetcher against the fixture site --------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[FixtureSite, str]]:
    fixture = FixtureSite(
        DEMO_ARTICLES, slow_s=3.0, oversized_bytes=3 * 1024 * 1024, bomb_bytes=8 * 1024 * 1024
    )
    with serve_in_thread(fixture) as base_url:
        yield fixture, base_url


def local_settings(**changes: Any) -> Settings:
    return Settings().model_copy(
        update={
            "fetch_allowed_networks": "127.0.0.1/32",
            "fetch_per_host_delay_s": 0.0,
            "fetch_backoff_s": 0.05,
            "http_timeout_s": 1.0,
            "max_body_bytes": 2 * 1024 * 1024,
            "max_decoded_bytes": 4 * 1024 * 1024,
            **changes,
        }
    )


def fetch(url: str, settings: Settings | None = None, **kwargs: Any) -> Any:
    async def go() -> Any:
        async with Fetcher(settings or local_settings()) as fetcher:
            try:
                return await fetcher.fetch(url, **kwargs)
            except FetchError as error:
                return error

    return asyncio.run(go())


@pytest.mark.parametrize(
    ("path", "outcome"),
    [
        ("/misbehaving/slow", "timeout"),
        ("/misbehaving/error", "http_error"),
        ("/misbehaving/oversized", "too_large"),
        ("/misbehaving/gzip-bomb", "too_large"),
        ("/misbehaving/redirect-loop", "too_many_redirects"),
        ("/private/exclusive.html", "robots_disallowed"),
        ("/articles/missing.html", "http_error"),
    ],
)
def test_misbehaving_endpoints_end_with_their_outcome(
    site: tuple[FixtureSite, str], path: str, outcome: str
) -> None:
    error = fetch(site[1] + path)
    assert isinstance(error, FetchError) and error.outcome == outcome, error


def test_a_page_robots_txt_forbids_says_so(site: tuple[FixtureSite, str]) -> None:
    error = fetch(site[1] + "/private/exclusive.html")
    assert str(error) == "robots_disallowed: disallowed by robots.txt"


def test_5xx_is_retried_then_given_up(site: tuple[FixtureSite, str]) -> None:
    fixture, base_url = site
    before = fixture.stats.requests["/misbehaving/error"]
    error = fetch(f"{base_url}/misbehaving/error", local_settings(fetch_retries=2))
    assert str(error) == "http_error: HTTP 500 after 2 retries"
    assert fixture.stats.requests["/misbehaving/error"] - before == 3


def test_a_retry_after_longer_than_allowed_gives_up() -> None:
    with serve_in_thread(FixtureSite(DEMO_ARTICLES)) as base_url:
        error = fetch(f"{base_url}/misbehaving/throttled", local_settings(fetch_backoff_max_s=0.5))
    assert str(error) == "throttled: HTTP 429, Retry-After 1 s > 0.5 s"


def test_a_retry_after_is_honoured() -> None:
    fixture = FixtureSite(DEMO_ARTICLES)
    with serve_in_thread(fixture) as base_url:
        page = fetch(f"{base_url}/misbehaving/throttled")
    assert page.status == 200 and b"Harbour authority" in page.content
    first, second = fixture.stats.request_times["/misbehaving/throttled"]
    assert second - first >= 1.0


def test_pages_come_gunzipped_and_feeds_answer_a_conditional_get(
    site: tuple[FixtureSite, str],
) -> None:
    _, base_url = site
    page = fetch(f"{base_url}/articles/145_theglobeandmail_airasia-flight-8501.html")
    assert page.status == 200 and page.content.lstrip().lower().startswith(b"<!doctype html")
    feed = fetch(f"{base_url}/feeds/news.xml")
    assert feed.media_type == "application/rss+xml" and feed.validators.etag
    again = fetch(f"{base_url}/feeds/news.xml", validators=feed.validators)
    assert again.not_modified and again.content == b""
    changed = fetch(f"{base_url}/feeds/news.xml", validators=Validators(etag='"old"'))
    assert changed.status == 200


def test_without_the_allow_list_local_addresses_are_refused(
    site: tuple[FixtureSite, str],
) -> None:
    _, base_url = site
    port = base_url.rsplit(":", 1)[1]
    strict = local_settings(fetch_allowed_networks="")
    for url in (base_url + "/feeds/news.xml", f"http://localhost:{port}/feeds/news.xml"):
        error = fetch(url, strict)
        assert isinstance(error, FetchError) and error.outcome == "blocked_address", error


@pytest.mark.parametrize(
    "url",
    [
        "http://127.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://0/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::]/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://169.254.169.254/latest/meta-data/",
        "http://①②⑦.0.0.1/",  # IDNA maps these to 127.0.0.1
        "http://127。0。0。1/",
        "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/",  # fullwidth
        "http://localhost/",
        "http://example.com@10.0.0.1/",
        "http://10.0.0.1#@example.com/",
    ],
)
def test_local_addresses_are_refused_in_every_notation(url: str) -> None:
    error = fetch(url, local_settings(fetch_allowed_networks="", fetch_retries=0))
    assert isinstance(error, FetchError) and error.outcome == "blocked_address", error


NAMES = {
    "intranet.example": ["10.0.0.7"],
    "rebinding.example": ["93.184.216.34", "169.254.169.254"],
    "loopback.example": ["127.0.0.2"],
}


class NamesResolver(StaticResolver):
    """Answers for the names above only: a stand-in for a DNS server."""

    def __init__(self) -> None:
        super().__init__([])

    async def resolve(self, host: str, port: int = 0, family: int = 0) -> list[dict[str, Any]]:
        self.addresses = NAMES[host]
        return await super().resolve(host, port, family)


Answer = Callable[[web.Request], Awaitable[web.StreamResponse]]


def redirecting(path: str, target: str) -> Answer:
    """A server that redirects ``path`` to ``target`` (its ``{port}``: the server's) and
    answers every other path with a page naming the host it was asked for."""

    async def answer(request: web.Request) -> web.Response:
        if request.path == path:
            raise web.HTTPFound(target.format(port=request.url.port))
        return web.Response(text=f"<p>{request.host}</p>", content_type="text/html")

    return answer


class Served(NamedTuple):
    result: Any  # the FetchedPage or the FetchError
    requests: list[tuple[str, str]]  # (host, path) of every request that reached the server
    port: int


def serve_and_fetch(url: str, answer: Answer, allowed_networks: str) -> Served:
    """Fetch ``url`` (its ``{port}``: the server's) from a local server that listens on every
    address of the machine and answers with ``answer``."""
    requests: list[tuple[str, str]] = []
    ports: list[int] = []

    async def recorded(request: web.Request) -> web.StreamResponse:
        requests.append((request.url.host or "", request.path))
        return await answer(request)

    async def go() -> Any:
        app = web.Application()
        app.router.add_get("/{tail:.*}", recorded)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "0.0.0.0", 0).start()
        port = runner.addresses[0][1]
        ports.append(port)
        settings = local_settings(fetch_allowed_networks=allowed_networks, fetch_retries=0)
        try:
            async with Fetcher(settings) as fetcher:
                try:
                    return await fetcher.fetch(url.format(port=port))
                except FetchError as error:
                    return error
        finally:
            await runner.cleanup()

    result = asyncio.run(go())
    return Served(result, requests, ports[0])


def fetch_after_redirect(target: str, allowed_networks: str) -> Served:
    """Fetch a page of a local server (allow-listed) that redirects to ``target``."""
    return serve_and_fetch(
        "http://127.0.0.1:{port}/story", redirecting("/story", target), allowed_networks
    )


def counted_fetches(outcome: str) -> float:
    labels = {"outcome": outcome, "status_class": "none"}
    return REGISTRY.get_sample_value("newsstream_scraper_fetches_total", labels) or 0.0


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://intranet.example:{port}/",
        "http://rebinding.example:{port}/",
        "http://loopback.example:{port}/",
        "http://①②⑦.0.0.2:{port}/",
    ],
)
def test_a_redirect_to_a_local_address_or_name_is_refused(
    target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(netguard, "DefaultResolver", NamesResolver)
    error, requests, _ = fetch_after_redirect(target, "127.0.0.1/32")
    assert isinstance(error, FetchError) and error.outcome == "blocked_address", error
    assert str(error).startswith("blocked_address: redirect to http://"), error
    assert requests == [("127.0.0.1", "/robots.txt"), ("127.0.0.1", "/story")]


def test_the_allow_list_opens_a_network_also_after_a_redirect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(netguard, "DefaultResolver", NamesResolver)
    page, _, _ = fetch_after_redirect("http://loopback.example:{port}/", "127.0.0.0/8")
    assert page.status == 200 and page.content.startswith(b"<p>loopback.example:")


PAGE = redirecting("/never-asked-for", "")  # a server that answers every path with a page


@pytest.mark.parametrize(
    ("url", "refusal"),
    [
        ("http://localhost.:{port}/story", "localhost. is a loopback name, not a public address"),
        ("http://LOCALHOST.:{port}/story", "localhost. is a loopback name, not a public address"),
        (
            "http://news.localhost:{port}/story",
            "news.localhost is a loopback name, not a public address",
        ),
        ("http://localhost:{port}/story", "localhost is a loopback name, not a public address"),
        ("http://127.0.0.1.:{port}/story", "127.0.0.1. is not a public address"),
        # A name is refused when it is resolved, which first happens for its robots.txt.
        (
            "http://loopback.example:{port}/story",
            "reading http://loopback.example:{port}/robots.txt: "
            "loopback.example resolves to 127.0.0.2, not a public address",
        ),
    ],
)
def test_a_page_on_a_refused_address_says_blocked_address_and_nothing_is_sent(
    url: str, refusal: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(netguard, "DefaultResolver", NamesResolver)
    blocked, disallowed = counted_fetches("blocked_address"), counted_fetches("robots_disallowed")
    error, requests, port = serve_and_fetch(url, PAGE, allowed_networks="")
    assert isinstance(error, FetchError) and error.outcome == "blocked_address", error
    assert str(error) == "blocked_address: " + refusal.format(port=port)
    assert requests == []
    assert counted_fetches("blocked_address") == blocked + 1
    assert counted_fetches("robots_disallowed") == disallowed


@pytest.mark.parametrize(
    ("target", "refusal"),
    [
        ("http://localhost.:{port}/", "localhost. is a loopback name, not a public address"),
        ("http://127.0.0.1.:{port}/", "127.0.0.1. is not a public address"),
        ("http://2130706433.:{port}/", "2130706433. (127.0.0.1) is not a public address"),
    ],
)
def test_a_redirect_to_a_localhost_name_or_a_dotted_address_is_refused(
    target: str, refusal: str
) -> None:
    # The server is reached on 127.0.0.2 (allow-listed), and 127.0.0.1 and ::1 are not.
    error, requests, port = serve_and_fetch(
        "http://127.0.0.2:{port}/story", redirecting("/story", target), "127.0.0.2/32"
    )
    assert isinstance(error, FetchError) and error.outcome == "blocked_address", error
    assert str(error) == f"blocked_address: redirect to {target.format(port=port)}: {refusal}"
    assert requests == [("127.0.0.2", "/robots.txt"), ("127.0.0.2", "/story")]


@pytest.mark.parametrize(
    ("target", "refusal"),
    [
        ("http://localhost.:{port}/robots.txt", "localhost. is a loopback name"),
        ("http://intranet.example:{port}/robots.txt", "intranet.example resolves to 10.0.0.7"),
        ("http://169.254.169.254/robots.txt", "169.254.169.254 is not a public address"),
    ],
)
def test_a_robots_txt_redirected_to_a_refused_address_is_blocked_address(
    target: str, refusal: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(netguard, "DefaultResolver", NamesResolver)
    error, requests, port = serve_and_fetch(
        "http://127.0.0.2:{port}/story", redirecting("/robots.txt", target), "127.0.0.2/32"
    )
    assert isinstance(error, FetchError) and error.outcome == "blocked_address", error
    robots, redirect = f"http://127.0.0.2:{port}/robots.txt", target.format(port=port)
    assert str(error).startswith(f"blocked_address: reading {robots}: redirect to {redirect}: ")
    assert refusal in str(error), error
    assert requests == [("127.0.0.2", "/robots.txt")]
