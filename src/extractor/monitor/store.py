"""The monitor's state in one SQLite file: sources, URLs to fetch, articles, facts, errors.

Exactly-once rests on three rules. A URL is claimed under a lease before it is fetched; its
article and facts are written, and the URL marked done, in one transaction that first checks
the lease is still ours; the current articles are unique by canonical URL, and a text already
current under another URL makes an alias. A run killed at any point leaves either everything of
an article or nothing of it, and its leases are taken over by the next run (at once when the
owner process is gone, else when the lease expires).

A stored page is fetched again while it is young: when it was last fetched long enough ago, or
an hour after its source showed a new change stamp for it (``requeue_stale``), with the ETag and
Last-Modified of its last reading. If its clean text changed, the new text is a new revision (a
new articles row with the same URL, revision + 1, its own facts) and becomes the current one; the
earlier revisions stay, no longer current. An unchanged text (or a 304) stores nothing.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import sqlite3
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..fetch import ValidatorStore
from ..models import Article, Fact

ARTICLES_TABLE = """
CREATE TABLE {name} (
    id INTEGER PRIMARY KEY,             -- grows in commit order: a later revision has a larger id
    url TEXT NOT NULL,                  -- canonical URL of the first address it was stored under
    revision INTEGER NOT NULL DEFAULT 1,  -- 1, then 2, 3... each time the text at url changed
    current INTEGER NOT NULL DEFAULT 1,   -- 1 for the newest revision of url, 0 for earlier ones
    final_url TEXT,                     -- where redirects ended
    content_hash TEXT NOT NULL,         -- sha256 of the clean text: one article under two URLs
    doc_id TEXT NOT NULL,
    title TEXT, published TEXT, source TEXT, author TEXT,
    text TEXT NOT NULL,
    fetched_at TEXT,
    stored_at REAL NOT NULL,
    UNIQUE (url, revision)
);
"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('feed', 'listing', 'sitemap')),
    added_at REAL NOT NULL,
    polled_at REAL,
    etag TEXT,
    last_modified TEXT,
    last_error TEXT
);
""" + ARTICLES_TABLE.format(name="IF NOT EXISTS articles") + """
CREATE TABLE IF NOT EXISTS facts (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    seq INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    data TEXT NOT NULL,                 -- the fact as JSON, without its doc (the article row is it)
    PRIMARY KEY (article_id, seq)
);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,               -- canonical
    source_id INTEGER REFERENCES sources(id),
    first_seen REAL NOT NULL,
    title TEXT, published TEXT,         -- from the feed entry, for pages that lack them
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT, lease_until REAL,
    tried_by TEXT,                      -- the pass that last tried it: one try per pass
    article_id INTEGER REFERENCES articles(id),  -- when done: the revision last seen there;
                                                 -- several URLs of one article are aliases
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS urls_pending ON urls(state, first_seen) WHERE state = 'pending';
CREATE TABLE IF NOT EXISTS errors (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    url TEXT NOT NULL,
    permanent INTEGER NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exports (
    consumer TEXT PRIMARY KEY,          -- who reads: each consumer has its own place
    cursor INTEGER NOT NULL,            -- the last article id it was given (ids grow in commit order)
    exported_at REAL NOT NULL
);
"""

# Made after the migrations, since they name columns an older db gets only then.
REVISION_INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS articles_current_url ON articles(url) WHERE current = 1;
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
"""

# Columns added to urls for revisions: added to older dbs on open.
URL_COLUMNS = {
    "checked_at": "REAL",   # when its page was last fetched and read (stored, alias or unchanged)
    "modified": "TEXT",     # its source's change stamp (feed <updated>, sitemap <lastmod>), as written
    "restamped": "INTEGER NOT NULL DEFAULT 0",  # 1: a new stamp was seen since the page was last read
    "etag": "TEXT",           # the page's validators at its last reading, committed with what was
    "last_modified": "TEXT",  # read: a conditional GET when it is read again
}
# A new change stamp makes a young page be read again, but not within an hour of its last reading:
# some sitemaps stamp every page with the time they are generated.
STAMP_GAP = 3600.0

# Columns added to sources after the first release: added to older dbs on open.
SOURCE_COLUMNS = {
    "enabled": "INTEGER NOT NULL DEFAULT 1",
    "allow_private": "INTEGER NOT NULL DEFAULT 0",  # given with --allow-private: kept for this source
    "failures": "INTEGER NOT NULL DEFAULT 0",       # failed polls in a row
    "last_success": "REAL",
    "retry_at": "REAL",                             # backing off until then
}
# A failing source waits 5 min, doubling per failure in a row, a day at most.
BACKOFF_BASE, BACKOFF_MAX = 300.0, 86400.0


def backoff_seconds(failures: int) -> float:
    return min(BACKOFF_MAX, BACKOFF_BASE * 2 ** max(0, failures - 1))


def iso_utc(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    from datetime import datetime, timezone
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")

# Query parameters that say where a click came from, not what the page is.
TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "zarsrc", "gidzl", "igshid", "_ga", "_gl",
                   "mc_cid", "mc_eid", "ref_src", "yclid"}
TRACKING_PREFIXES = ("utm_", "_hs")


def canonical_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no default port, no fragment, no
    tracking parameters, the rest of the query sorted, no trailing slash except the root."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES))
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Source:
    id: int
    url: str
    kind: str
    allow_private: bool = False


@dataclass
class Claim:
    url: str
    title: str | None
    published: str | None
    attempts: int
    allow_private: bool = False  # its source's
    # a page stored before, read again: the ETag / Last-Modified of its last reading, for a conditional GET
    validators: dict[str, str] | None = None


def new_owner() -> str:
    """An owner name for one pass: host and pid (to tell a dead owner), and a token per pass."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _owner_is_dead(owner: str | None, me: str) -> bool:
    """True when the lease holder is surely gone: an earlier pass of this process, or a process
    of this host that no longer exists. Unsure (another host, a reused pid) means alive."""
    if not owner:
        return True
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return owner != me
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class MonitorStore:
    """The SQLite state of ``extractor watch``; safe to share between concurrent processes."""

    def __init__(self, path: str | os.PathLike, lease_seconds: float = 900.0, max_attempts: int = 4,
                 timeout: float = 60.0):
        self.path = Path(path)
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        # autocommit mode: every transaction below is an explicit BEGIN IMMEDIATE ... COMMIT
        # ``timeout``: how long a statement waits for another process's lock before "locked"
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=timeout)
        try:
            self._open_within(timeout)
        except BaseException:
            self.db.close()
            raise

    def _open_within(self, timeout: float) -> None:
        """``_open``, tried again while another process holds the lock: switching a new file to
        WAL is refused at once ("locked") without waiting, when two runs start on it together."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self._open()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def _open(self) -> None:
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL may lose the last commits on power loss, never on a crash; a lost commit loses
        # the URL's "done" together with its article, so the URL is fetched again, not duplicated
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)  # idempotent, so concurrent first runs are fine
        self._allow_sitemaps()
        self._allow_revisions()
        self._add_columns("sources", SOURCE_COLUMNS)
        self._add_columns("urls", URL_COLUMNS)
        self.db.executescript(REVISION_INDEXES)

    def _allow_sitemaps(self) -> None:
        """A db made before sitemaps were a kind of source: its sources table is rebuilt with the
        new CHECK (SQLite cannot alter one), in one transaction, as SQLite's manual describes."""
        def old(db) -> bool:
            row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sources'").fetchone()
            return row is not None and "'sitemap'" not in row[0]

        if not old(self.db):
            return
        self.db.execute("PRAGMA foreign_keys=OFF")  # urls point at sources while the table is swapped
        try:
            with self.transaction() as db:
                if old(db):  # another process may have done it meanwhile
                    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'sources'").fetchone()[0]
                    sql = re.sub(r'CREATE TABLE\s+(?:IF NOT EXISTS\s+)?"?sources"?', "CREATE TABLE sources_new", sql,
                                 count=1)
                    db.execute(sql.replace("('feed', 'listing')", "('feed', 'listing', 'sitemap')"))
                    db.execute("INSERT INTO sources_new SELECT * FROM sources")
                    db.execute("DROP TABLE sources")
                    db.execute("ALTER TABLE sources_new RENAME TO sources")
        finally:
            self.db.execute("PRAGMA foreign_keys=ON")

    def _allow_revisions(self) -> None:
        """A db made before revisions: its articles table, unique by URL and by text, is rebuilt
        with the revision columns and without those two constraints, every row its URL's first and
        current revision, ids kept (facts and urls point at them); one transaction."""
        def old(db) -> bool:
            return "revision" not in {row[1] for row in db.execute("PRAGMA table_info(articles)")}

        if not old(self.db):
            return
        columns = ("id, url, final_url, content_hash, doc_id, title, published, source, author, text, "
                   "fetched_at, stored_at")
        self.db.execute("PRAGMA foreign_keys=OFF")  # facts and urls point at articles while it is swapped
        try:
            with self.transaction() as db:
                if old(db):  # another process may have done it meanwhile
                    db.execute(ARTICLES_TABLE.format(name="articles_new"))
                    db.execute(f"INSERT INTO articles_new({columns}, revision, current) "
                               f"SELECT {columns}, 1, 1 FROM articles")
                    db.execute("DROP TABLE articles")
                    db.execute("ALTER TABLE articles_new RENAME TO articles")
        finally:
            self.db.execute("PRAGMA foreign_keys=ON")

    def _add_columns(self, table: str, columns: dict[str, str]) -> None:
        with self.transaction() as db:
            have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            for name, decl in columns.items():
                if name not in have:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "MonitorStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE takes the write lock first, so check-then-write is safe across processes."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- sources

    def add_source(self, url: str, kind: str, allow_private: bool = False) -> None:
        """Add a source; given again with ``allow_private``, the source keeps it from then on."""
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO sources(url, kind, added_at) VALUES (?, ?, ?)",
                       (url, kind, time.time()))
            if allow_private:
                db.execute("UPDATE sources SET allow_private = 1 WHERE url = ?", (url,))

    def sources(self) -> list[Source]:
        """Every source, enabled or not."""
        return [Source(i, u, k, bool(p)) for i, u, k, p in self.db.execute(
            "SELECT id, url, kind, allow_private FROM sources ORDER BY id")]

    def due_sources(self, now: float | None = None) -> tuple[list[Source], list[tuple[Source, float]]]:
        """Enabled sources to poll now, and those backing off after failures (with when they are due)."""
        now = time.time() if now is None else now
        due, waiting = [], []
        for i, u, k, p, retry_at in self.db.execute(
                "SELECT id, url, kind, allow_private, retry_at FROM sources WHERE enabled = 1 ORDER BY id"):
            source = Source(i, u, k, bool(p))
            if retry_at is not None and retry_at > now:
                waiting.append((source, retry_at))
            else:
                due.append(source)
        return due, waiting

    def find_source(self, url: str) -> Source | None:
        return next((s for s in self.sources() if s.url == url or canonical_url(s.url) == canonical_url(url)), None)

    def set_source_enabled(self, url: str, enabled: bool) -> bool:
        """Enable (which also ends its back-off) or disable a source; False if there is none."""
        source = self.find_source(url)
        if source is None:
            return False
        with self.transaction() as db:
            db.execute("UPDATE sources SET enabled = ?, retry_at = CASE WHEN ? THEN NULL ELSE retry_at END "
                       "WHERE id = ?", (int(enabled), int(enabled), source.id))
        return True

    def remove_source(self, url: str) -> bool:
        """Forget a source (what it brought stays stored); False if there is none."""
        source = self.find_source(url)
        if source is None:
            return False
        with self.transaction() as db:
            db.execute("UPDATE urls SET source_id = NULL WHERE source_id = ?", (source.id,))
            db.execute("DELETE FROM sources WHERE id = ?", (source.id,))
        return True

    def source_health(self) -> list[dict]:
        """Per source: its state, last success, last error, failures in a row, articles and facts stored."""
        rows = self.db.execute(
            "SELECT s.url, s.kind, s.enabled, s.allow_private, s.last_success, s.last_error, s.failures, s.retry_at, "
            "(SELECT COUNT(DISTINCT u.article_id) FROM urls u WHERE u.source_id = s.id AND u.article_id IS NOT NULL), "
            "(SELECT COUNT(*) FROM facts f WHERE f.article_id IN "
            "  (SELECT DISTINCT u.article_id FROM urls u WHERE u.source_id = s.id AND u.article_id IS NOT NULL)) "
            "FROM sources s ORDER BY s.id").fetchall()
        keys = ("url", "kind", "enabled", "allow_private", "last_success", "last_error", "failures_in_row",
                "backing_off_until", "articles", "facts")
        out = []
        for row in rows:
            item = dict(zip(keys, row))
            item["enabled"], item["allow_private"] = bool(item["enabled"]), bool(item["allow_private"])
            item["last_success"] = iso_utc(item["last_success"])
            retry = item["backing_off_until"]
            item["backing_off_until"] = iso_utc(retry) if retry is not None and retry > time.time() else None
            out.append(item)
        return out

    def validators(self) -> "SourceValidators":
        rows = self.db.execute("SELECT url, etag, last_modified FROM sources").fetchall()
        return SourceValidators({url: {k: v for k, v in (("etag", e), ("last_modified", m)) if v}
                                 for url, e, m in rows})

    def record_poll(self, source: Source, entries, validator: dict[str, str] | None) -> int:
        """Add a source's new URLs and its validators in one transaction (validators saved without
        the URLs would make the next poll a 304 that hides them). A stored URL listed with a new
        change stamp is marked for ``requeue_stale``. Returns how many URLs were new."""
        now = time.time()
        added = 0
        with self.transaction() as db:
            for entry in entries:
                url = canonical_url(entry.url)
                modified = getattr(entry, "modified", None)
                cur = db.execute("INSERT OR IGNORE INTO urls(url, source_id, first_seen, title, published, modified) "
                                 "VALUES (?, ?, ?, ?, ?, ?)",
                                 (url, source.id, now, entry.title, entry.published, modified))
                added += cur.rowcount
                if cur.rowcount == 0 and modified:
                    # a stamp first seen now is only noted: the page was fetched after whatever it dates
                    db.execute("UPDATE urls SET modified = ?, restamped = CASE WHEN state = 'done' AND modified "
                               "IS NOT NULL THEN 1 ELSE restamped END WHERE url = ? AND modified IS NOT ?",
                               (modified, url, modified))
            if validator is not None:
                db.execute("UPDATE sources SET etag = ?, last_modified = ? WHERE id = ?",
                           (validator.get("etag"), validator.get("last_modified"), source.id))
            db.execute("UPDATE sources SET polled_at = ?, last_success = ?, last_error = NULL, failures = 0, "
                       "retry_at = NULL WHERE id = ?", (now, now, source.id))
        return added

    def record_source_error(self, source: Source, message: str) -> float:
        """Log the failed poll and back off; returns when the source is due again."""
        now = time.time()
        with self.transaction() as db:
            (failures,) = db.execute("SELECT failures + 1 FROM sources WHERE id = ?", (source.id,)).fetchone() or (1,)
            retry_at = now + backoff_seconds(failures)
            db.execute("UPDATE sources SET polled_at = ?, last_error = ?, failures = ?, retry_at = ? WHERE id = ?",
                       (now, message, failures, retry_at, source.id))
            db.execute("INSERT INTO errors(at, url, permanent, message) VALUES (?, ?, 0, ?)",
                       (now, source.url, message))
        return retry_at

    # -- URLs

    def claim(self, owner: str) -> Claim | None:
        """Lease the oldest pending URL this pass has not tried yet, or None when none is left."""
        now = time.time()
        with self.transaction() as db:
            rows = db.execute(
                "SELECT u.url, u.title, u.published, u.attempts, u.lease_owner, u.lease_until, "
                "COALESCE(s.allow_private, 0), u.article_id, u.etag, u.last_modified "
                "FROM urls u LEFT JOIN sources s ON s.id = u.source_id "
                "WHERE u.state = 'pending' AND (u.tried_by IS NULL OR u.tried_by != ?) "
                "ORDER BY u.first_seen, u.rowid", (owner,))  # rowid: the order the source listed them
            for url, title, published, attempts, holder, until, private, stored, etag, modified in rows:
                if holder is None or until is None or until < now or _owner_is_dead(holder, owner):
                    break
            else:
                return None
            db.execute("UPDATE urls SET lease_owner = ?, lease_until = ?, tried_by = ?, attempts = attempts + 1 "
                       "WHERE url = ?", (owner, now + self.lease_seconds, owner, url))
        validators = {k: v for k, v in (("etag", etag), ("last_modified", modified)) if v} if stored else None
        return Claim(url, title, published, attempts + 1, bool(private), validators or None)

    def requeue_stale(self, after: float, young: float, now: float | None = None) -> int:
        """Queue stored pages again, while they were first seen less than ``young`` seconds ago
        (corrections come early), whose last reading is ``after`` seconds old or more, or an hour
        (``after`` if shorter) when their source showed a new stamp since. Returns how many."""
        now = time.time() if now is None else now
        with self.transaction() as db:
            cur = db.execute("UPDATE urls SET state = 'pending', attempts = 0 WHERE state = 'done' "
                             "AND article_id IS NOT NULL AND first_seen > ? AND (COALESCE(checked_at, first_seen) <= ? "
                             "OR (restamped = 1 AND COALESCE(checked_at, first_seen) <= ?))",
                             (now - young, now - after, now - min(after, STAMP_GAP)))
        return cur.rowcount

    def _holds(self, db: sqlite3.Connection, url: str, owner: str) -> bool:
        return db.execute("SELECT state, lease_owner FROM urls WHERE url = ?", (url,)).fetchone() == ("pending", owner)

    def store_article(self, claim: Claim, owner: str, article: Article, final_url: str | None = None,
                      fetched_at: str | None = None,
                      validators: dict[str, str] | None = None) -> tuple[str, int | None]:
        """Article, facts and the URL's "done" in one transaction.

        Returns ``("stored", id)``; ``("revised", id)`` when a page stored before has a new text
        (read at its URL or at an alias), stored as its next revision; ``("unchanged", id)`` when its
        text is the one stored (or, at an alias, an earlier revision of it);
        ``("alias", id)`` when the same text is current under another URL; or ``("lost", None)``
        when the lease passed to another run meanwhile."""
        digest = content_hash(article.text)
        with self.transaction() as db:
            if not self._holds(db, claim.url, owner):
                return "lost", None
            outcome, article_id, page = self._place(db, claim.url, digest)
            if outcome in ("stored", "revised"):
                article_id = self._insert_revision(db, page, digest, article, final_url, fetched_at)
            self._done(db, claim.url, article_id, validators or {})
        return outcome, article_id

    def store_not_modified(self, claim: Claim, owner: str) -> tuple[str, int | None]:
        """A page read again that the server says has not changed since (304): ``("unchanged", id)``,
        or ``("lost", None)`` when the lease passed to another run meanwhile."""
        with self.transaction() as db:
            if not self._holds(db, claim.url, owner):
                return "lost", None
            (article_id,) = db.execute("SELECT article_id FROM urls WHERE url = ?", (claim.url,)).fetchone()
            self._done(db, claim.url, article_id, claim.validators or {})
        return "unchanged", article_id

    @staticmethod
    def _done(db: sqlite3.Connection, url: str, article_id: int, validators: dict[str, str]) -> None:
        db.execute("UPDATE urls SET state = 'done', article_id = ?, lease_owner = NULL, lease_until = NULL, "
                   "last_error = NULL, checked_at = ?, restamped = 0, etag = ?, last_modified = ? WHERE url = ?",
                   (article_id, time.time(), validators.get("etag"), validators.get("last_modified"), url))

    @staticmethod
    def _place(db: sqlite3.Connection, url: str, digest: str) -> tuple[str, int | None, str]:
        """Where a text read at ``url`` goes: what store_article returns (the id None for "stored"
        and "revised", made by the caller), and the page (the articles' URL) it is a revision of."""
        # the current revision of the page this URL was last read as: its own, or another's as an alias
        row = db.execute("SELECT c.id, c.url, c.content_hash FROM urls u JOIN articles a ON a.id = u.article_id "
                         "JOIN articles c ON c.url = a.url AND c.current = 1 WHERE u.url = ?", (url,)).fetchone()
        if row is not None:
            current_id, page, current_hash = row
            if current_hash == digest:
                return "unchanged", current_id, page
            if page != url and db.execute("SELECT 1 FROM articles WHERE url = ? AND content_hash = ?",
                                          (page, digest)).fetchone():
                return "unchanged", current_id, page  # an alias (a print version) not updated yet
            # a new text at the page's URL or at one of its aliases: the page's next revision
            return "revised", None, page
        same = db.execute("SELECT id, url FROM articles WHERE content_hash = ? AND current = 1 ORDER BY id LIMIT 1",
                          (digest,)).fetchone()
        return ("alias", same[0], same[1]) if same else ("stored", None, url)

    @staticmethod
    def _insert_revision(db: sqlite3.Connection, page: str, digest: str, article: Article,
                         final_url: str | None, fetched_at: str | None) -> int:
        """The article as the next revision of ``page`` (1 when it has none; the same doc id as the
        earlier ones), its facts, and the earlier revision no longer current."""
        revision, doc_id = db.execute("SELECT COALESCE(MAX(revision), 0) + 1, MIN(doc_id) FROM articles WHERE url = ?",
                                      (page,)).fetchone()
        db.execute("UPDATE articles SET current = 0 WHERE url = ? AND current = 1", (page,))
        cur = db.execute(
            "INSERT INTO articles(url, revision, current, final_url, content_hash, doc_id, title, published, "
            "source, author, text, fetched_at, stored_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (page, revision, final_url, digest, doc_id or article.id, article.title, article.published,
             article.source, article.author, article.text, fetched_at, time.time()))
        db.executemany("INSERT INTO facts(article_id, seq, indicator, data) VALUES (?, ?, ?, ?)",
                       [(cur.lastrowid, i, f.indicator, f.model_dump_json(exclude={"doc"}))
                        for i, f in enumerate(article.facts)])
        return cur.lastrowid

    def record_failure(self, claim: Claim, owner: str, message: str, permanent: bool) -> str:
        """Log the error; the URL stays pending for a later pass unless the error is permanent or
        its attempts are used up. A page fetched again that fails so goes back to "done", its
        stored revisions kept. Returns the URL's new state ("lost" if the lease was taken)."""
        state = "failed" if permanent or claim.attempts >= self.max_attempts else "pending"
        with self.transaction() as db:
            if not self._holds(db, claim.url, owner):
                return "lost"
            if state == "failed" and db.execute("SELECT article_id FROM urls WHERE url = ?",
                                                (claim.url,)).fetchone()[0] is not None:
                state = "done"
            db.execute("UPDATE urls SET state = ?, lease_owner = NULL, lease_until = NULL, last_error = ?, "
                       "checked_at = CASE WHEN ? = 'done' THEN ? ELSE checked_at END, "
                       "restamped = CASE WHEN ? = 'done' THEN 0 ELSE restamped END WHERE url = ?",
                       (state, message, state, time.time(), state, claim.url))
            db.execute("INSERT INTO errors(at, url, permanent, message) VALUES (?, ?, ?, ?)",
                       (time.time(), claim.url, int(permanent), message))
        return state

    # -- reading back

    def counts(self) -> dict[str, int]:
        out = dict(self.db.execute("SELECT state, COUNT(*) FROM urls GROUP BY state").fetchall())
        out["articles"] = self.db.execute("SELECT COUNT(*) FROM articles WHERE current = 1").fetchone()[0]
        out["revisions"] = self.db.execute("SELECT COUNT(*) FROM articles WHERE revision > 1").fetchone()[0]
        out["facts"] = self.db.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
        return out

    def check(self) -> None:
        """Raise sqlite3.DatabaseError if a page is damaged (reads the whole file once): an
        export must not pass silently over a table whose pages are garbage."""
        problems = [row[0] for row in self.db.execute("PRAGMA quick_check(1)")]
        if problems != ["ok"]:
            found = " ".join(" ".join(p.replace("*** in database main ***", "").split()) for p in problems)
            raise sqlite3.DatabaseError(f"integrity check: {found[:160]}")

    def articles(self, after: int = 0, current_only: bool = False) -> Iterator[Article]:
        """Every stored article (each revision of a changed page) with its facts, in the order
        stored; ``after``: only those stored after the article of that id (an export cursor);
        ``current_only``: the current revision of each page only."""
        for _, article in self.articles_with_ids(after, current_only=current_only):
            yield article

    def articles_with_ids(self, after: int = 0, limit: int = -1,
                          current_only: bool = False) -> Iterator[tuple[int, Article]]:
        rows = self.db.execute("SELECT id, doc_id, url, title, published, source, author, text, fetched_at, "
                               "stored_at, revision, current FROM articles WHERE id > ? AND current >= ? "
                               "ORDER BY id LIMIT ?", (after, int(current_only), limit)).fetchall()
        for (article_id, doc_id, url, title, published, source, author, text, fetched_at, stored_at, revision,
             current) in rows:
            facts = [Fact.model_validate(json.loads(data)) for (data,) in self.db.execute(
                "SELECT data FROM facts WHERE article_id = ? ORDER BY seq", (article_id,))]
            article = Article(id=doc_id, url=url, title=title, published=published, source=source,
                              author=author, text=text, fetched_at=fetched_at, stored_at=iso_utc(stored_at),
                              revision=revision, current=bool(current))
            ref = article.doc_ref()
            article.facts = [f.model_copy(update={"doc": ref}) for f in facts]
            yield article_id, article

    def article(self, article_id: int) -> Article:
        """One stored article by its id, as the export gives it."""
        return next(a for i, a in self.articles_with_ids(article_id - 1, limit=1) if i == article_id)

    # -- export cursors

    def export_cursor(self, consumer: str) -> int:
        """The last article id given to ``consumer`` (0: nothing yet)."""
        row = self.db.execute("SELECT cursor FROM exports WHERE consumer = ?", (consumer,)).fetchone()
        return row[0] if row else 0

    def set_export_cursor(self, consumer: str, cursor: int) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO exports(consumer, cursor, exported_at) VALUES (?, ?, ?) "
                       "ON CONFLICT(consumer) DO UPDATE SET cursor = excluded.cursor, exported_at = excluded.exported_at",
                       (consumer, cursor, time.time()))

    def failed_urls(self) -> list[tuple[str, str]]:
        """(URL, last error) of every URL given up on, in the order first seen."""
        return self.db.execute("SELECT url, COALESCE(last_error, '') FROM urls WHERE state = 'failed' "
                               "ORDER BY first_seen").fetchall()


class SourceValidators(ValidatorStore):
    """ETag/Last-Modified of feeds and listings, held in memory until ``record_poll``; and of
    the one page being read again (``rereading``), as stored with what its last reading stored.

    Pages are given no others: a validator saved before its article is committed would turn the
    retry after a crash into a 304 with no body."""

    def __init__(self, known: dict[str, dict[str, str]]):
        super().__init__(None)
        self._sources = set(known)
        self._data = {url: v for url, v in known.items() if v}
        self._page: tuple[str, dict[str, str]] | None = None

    @contextmanager
    def rereading(self, url: str, validators: dict[str, str] | None) -> Iterator[None]:
        """While the block runs, ``url`` is asked for with ``validators``."""
        self._page = (url, validators) if validators else None
        try:
            yield
        finally:
            self._page = None

    def get(self, url: str) -> dict[str, str]:
        if self._page is not None and self._page[0] == url:
            return dict(self._page[1])
        return super().get(url) if url in self._sources else {}

    def put(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if url in self._sources:
            self._data.pop(url, None)
            super().put(url, etag, last_modified)
