"""Reading a response body within limits: bytes on the wire, and bytes after decoding.

The HTTP client's own decompression is off: a small gzip body can inflate to gigabytes, so
the body is inflated here chunk by chunk and refused as soon as it outgrows its limit.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable

# Content-Encodings we ask for and can decode (anything else is refused).
ACCEPT_ENCODING = "gzip, deflate"
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_ZLIB_WBITS = zlib.MAX_WBITS
_RAW_DEFLATE_WBITS = -zlib.MAX_WBITS


class BodyTooLargeError(ValueError):
    """The body (on the wire or once decoded) is larger than allowed."""


class UnsupportedEncodingError(ValueError):
    """A Content-Encoding the scraper did not ask for."""


class _Inflater:
    """Decodes one Content-Encoding incrementally, never producing more than a limit."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.size = 0
        self._decoder: zlib._Decompress | None = None

    def feed(self, chunk: bytes) -> bytes:
        if self.encoding == "identity":
            return self._count(chunk)
        if self._decoder is None:
            self._decoder = zlib.decompressobj(self._wbits(chunk))
        out = self._decoder.decompress(chunk, self.limit - self.size + 1)
        if self._decoder.unconsumed_tail:
            raise BodyTooLargeError(f"decoded body larger than {self.limit} bytes")
        return self._count(out)

    def finish(self) -> bytes:
        return self._count(self._decoder.flush()) if self._decoder else b""

    def _wbits(self, first_chunk: bytes) -> int:
        if self.encoding in ("gzip", "x-gzip"):
            return _GZIP_WBITS
        # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
        zlib_header = len(first_chunk) >= 2 and (first_chunk[0] * 256 + first_chunk[1]) % 31 == 0
        return _ZLIB_WBITS if zlib_header and first_chunk[0] & 0x0F == 8 else _RAW_DEFLATE_WBITS

    def _count(self, data: bytes) -> bytes:
        self.size += len(data)
        if self.size > self.limit:
            raise BodyTooLargeError(f"decoded body larger than {self.limit} bytes")
        return data


def content_encoding(header: str | None) -> str:
    """The one coding of a Content-Encoding header, lower case; 'identity' when absent."""
    codings = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return "identity"
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise UnsupportedEncodingError(f"unsupported Content-Encoding {header!r}")
    return codings[0]


async def read_limited(
    chunks: AsyncIterable[bytes], *, encoding: str, max_wire_bytes: int, max_decoded_bytes: int
) -> tuple[bytes, int]:
    """(decoded body, bytes received); BodyTooLargeError past either limit."""
    inflater = _Inflater(encoding, max_decoded_bytes)
    body = bytearray()
    received = 0
    async for chunk in chunks:
        received += len(chunk)
        if received > max_wire_bytes:
            raise BodyTooLargeError(f"body larger than {max_wire_bytes} bytes")
        body += inflater.feed(chunk)
    body += inflater.finish()
    return bytes(body), received
