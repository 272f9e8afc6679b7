"""``extractor fetch``: download pages politely into a WARC file."""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from ..clitools import command_help
from .errors import FetchError
from .http import FetchSettings, Fetcher, ValidatorStore
from .options import _positive_seconds, add_render_options
from .render import RenderSettings, Renderer
from .warc import WarcPageWriter

STATE_FILE = "fetch-state.json"


def register(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "fetch", help=command_help("fetch"),
        description="Fetch URLs politely (robots.txt, 1 request/s per host, size and redirect caps) "
                    "and store the responses as WARC. Exit 1 if any URL failed, 2 on usage errors.")
    p.add_argument("urls", nargs="*", metavar="URL", help="pages to fetch")
    p.add_argument("--from", dest="from_file", metavar="FILE", help="file with one URL a line ('-' for stdin)")
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="output directory")
    add_fetch_options(p)
    add_render_options(p)
    p.set_defaults(func=run)
    return p


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    """The politeness and limit options read by ``settings_from_args``, shared by ``fetch`` and ``watch``."""
    d = FetchSettings()
    parser.add_argument("--allow-private", action="store_true", help="allow private/loopback addresses")
    parser.add_argument("--rate", type=float, metavar="N",
                        help=f"requests per second per host (default {1 / d.min_interval:g})")
    parser.add_argument("--timeout", type=float, metavar="S", help=f"read timeout in seconds (default {d.read_timeout:g})")
    parser.add_argument("--retries", type=int, metavar="N",
                        help=f"retries on 429/5xx and network errors (default {d.max_retries})")
    parser.add_argument("--max-wait", type=float, metavar="S",
                        help=f"seconds of Retry-After and backoff one URL may cost; a longer wait defers the URL "
                             f"(default {FetchSettings.max_wait:g})")
    parser.add_argument("--max-seconds", type=_positive_seconds, metavar="S",
                        help=f"deadline of one response: connect, headers and body (default {FetchSettings.max_seconds:g})")
    parser.add_argument("--max-bytes", type=int, metavar="N", help=f"body size cap in bytes (default {d.max_bytes})")
    parser.add_argument("--max-redirects", type=int, metavar="N",
                        help=f"redirects followed per request (default {d.max_redirects})")
    parser.add_argument("--user-agent", metavar="UA", help=f"the User-Agent header (default {d.user_agent!r})")


def render_settings_from_args(args) -> RenderSettings:
    timeout = getattr(args, "render_timeout", None)
    return RenderSettings(timeout=timeout) if timeout else RenderSettings()


def _read_urls(args) -> list[str]:
    urls = list(args.urls)
    if args.from_file:
        fh = sys.stdin if args.from_file == "-" else open(args.from_file, encoding="utf-8")
        with fh if fh is not sys.stdin else _nullctx():
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    urls.append(line)
    return urls


class _nullctx:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def settings_from_args(args) -> FetchSettings:
    s = FetchSettings(allow_private=bool(getattr(args, "allow_private", False)))
    if getattr(args, "rate", None):
        s = replace(s, min_interval=1.0 / args.rate)
    if getattr(args, "timeout", None):
        s = replace(s, read_timeout=args.timeout, connect_timeout=min(s.connect_timeout, args.timeout))
    if getattr(args, "retries", None) is not None:
        s = replace(s, max_retries=args.retries)
    if getattr(args, "max_wait", None) is not None:
        s = replace(s, max_wait=max(0.0, args.max_wait))
    if getattr(args, "max_seconds", None):
        s = replace(s, max_seconds=args.max_seconds)
    if getattr(args, "max_bytes", None):
        s = replace(s, max_bytes=args.max_bytes)
    if getattr(args, "max_redirects", None) is not None:
        s = replace(s, max_redirects=args.max_redirects)
    if getattr(args, "user_agent", None):
        s = replace(s, user_agent=args.user_agent)
    return s


def run(args, settings: FetchSettings | None = None) -> int:
    try:
        urls = _read_urls(args)
    except OSError as err:
        print(f"extractor fetch: cannot read URL list: {err}", file=sys.stderr)
        return 2
    if not urls:
        print("extractor fetch: no URLs given (pass URLs or --from FILE)", file=sys.stderr)
        return 2
    if args.rate is not None and args.rate <= 0:
        print("extractor fetch: --rate must be positive", file=sys.stderr)
        return 2
    out = Path(args.output)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        print(f"extractor fetch: cannot create {out}: {err}", file=sys.stderr)
        return 2
    settings = settings or settings_from_args(args)
    store = ValidatorStore(out / STATE_FILE)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    warc_path = out / f"fetch-{stamp}.warc.gz"
    failed = written = 0
    writer = None
    try:
        with Fetcher(settings, validators=store) as fetcher, \
                Renderer(fetcher, render_settings_from_args(args), mode=args.render) as renderer:
            for url, res in renderer.fetch_many(urls):
                if isinstance(res, FetchError):
                    failed += 1
                    print(f"error: {res}", file=sys.stderr)
                    continue
                if res.not_modified:
                    print(f"304 {url} not modified")
                    continue
                if writer is None:
                    writer = WarcPageWriter(warc_path)
                writer.write(res)
                written += 1
                store.save()  # after each page, so an interrupted batch keeps its validators
                hop = f" -> {res.final_url}" if res.final_url != url else ""
                how = f" (rendered: {res.why})" if getattr(res, "rendered", False) else ""
                print(f"{res.status} {url}{hop} {len(res.body)} bytes{how}")
    finally:
        if writer is not None:
            writer.close()
        store.save()
    if written:
        print(f"wrote {written} page(s) to {warc_path}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (the package CLI calls ``register`` instead)."""
    parser = argparse.ArgumentParser(prog="extractor")
    register(parser.add_subparsers(dest="command", required=True))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
