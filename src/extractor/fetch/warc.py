"""Raw pages kept as web archives (WARC), and read back for extraction."""
from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .http import FetchResult

# The body is stored decoded, so these would no longer describe it.
_STALE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass
class WarcPage:
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    date: str = ""  # WARC-Date, ISO 8601

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


class WarcPageWriter:
    """Appends fetched pages as WARC ``response`` records (gzip per record for ``.gz`` names)."""

    def __init__(self, path: str | os.PathLike, software: str = "extractor fetch"):
        self.path = Path(path)
        self._file = open(self.path, "ab")
        self._writer = WARCWriter(self._file, gzip=self.path.name.endswith(".gz"))
        info = self._writer.create_warcinfo_record(self.path.name, {"software": software, "format": "WARC File Format 1.1"})
        self._writer.write_record(info)

    def write(self, result: FetchResult) -> None:
        body = result.body
        headers = [(k, v) for k, v in result.headers if k.lower() not in _STALE_HEADERS]
        headers.append(("Content-Length", str(len(body))))
        original = result.header("content-encoding")
        if original:
            headers.append(("X-Archive-Orig-Content-Encoding", original))
        status_line = f"{result.status} {result.reason}".strip()
        http_headers = StatusAndHeaders(status_line, headers, protocol=result.http_version)
        warc_headers = {"WARC-Date": result.fetched_at} if result.fetched_at else {}
        if result.url != result.final_url:
            warc_headers["WARC-X-Requested-URI"] = result.url
        record = self._writer.create_warc_record(result.final_url, "response", payload=io.BytesIO(body),
                                                 length=len(body), http_headers=http_headers,
                                                 warc_headers_dict=warc_headers)
        self._writer.write_record(record)
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "WarcPageWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _warc_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.name.endswith((".warc", ".warc.gz")))
    return [path]


def iter_warc_pages(path: str | os.PathLike) -> Iterator[WarcPage]:
    """Response records of a ``.warc``/``.warc.gz`` file (or of every such file in a directory)."""
    for file in _warc_files(Path(path)):
        with open(file, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                http = record.http_headers
                try:
                    status = int(http.get_statuscode())
                except (TypeError, ValueError):
                    status = 0
                headers: dict[str, str] = {}
                for name, value in http.headers:
                    headers.setdefault(name.lower(), value)
                body = record.content_stream().read()  # de-chunked and decompressed if the headers say so
                yield WarcPage(url=record.rec_headers.get_header("WARC-Target-URI") or "", status=status,
                               headers=headers, body=body, date=record.rec_headers.get_header("WARC-Date") or "")
