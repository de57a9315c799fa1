"""Settings of the portal hub: defaults, overridden by ``PORTAL_*`` environment variables.

This is the only place that reads the environment. Everything else reads
``current_app.config``. Each setting is listed once in ``SETTINGS`` with its default and
how to parse it, so the README's configuration table and this file cannot drift apart
(``tests/test_config.py`` checks the README names every variable).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _weekdays(value: str) -> tuple[int, ...]:
    days = sorted({int(part) for part in value.replace(" ", "").split(",") if part})
    if not days or any(day < 1 or day > 7 for day in days):
        raise ValueError(f"weekdays are 1 (Monday) to 7 (Sunday), not {value!r}")
    return tuple(days)


@dataclass(frozen=True)
class Setting:
    env: str
    key: str
    default: Any
    parse: Callable[[str], Any] = str
    doc: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("PORTAL_DATABASE_URL", "SQLALCHEMY_DATABASE_URI",
            f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}",
            doc="Database the application connects to. On PostgreSQL: a role that does "
                "not own the tables (row-level security applies to it)."),
    Setting("PORTAL_MIGRATION_DATABASE_URL", "MIGRATION_DATABASE_URL", None,
            doc="Database URL used by `flask db upgrade`, as the owner of the tables. "
                "Defaults to PORTAL_DATABASE_URL."),
    Setting("PORTAL_BASE_DOMAIN", "BASE_DOMAIN", "langson.localhost",
            doc="Host of the province portal; sub-sites live under it."),
    Setting("PORTAL_PUBLIC_PORT", "PUBLIC_PORT", None, int,
            doc="Port of the sites' addresses in links that leave the request (mail); "
                "unset: the scheme's own (80, 443). Never taken from a Host header."),
    Setting("PORTAL_SECRET_KEY", "SECRET_KEY", None,
            doc="Signs sessions and CSRF tokens. Required in production."),
    Setting("PORTAL_SEARCH_BACKEND", "SEARCH_BACKEND", "embedded",
            doc="`embedded` (tantivy, on local disk) or `elasticsearch`."),
    Setting("PORTAL_SEARCH_INDEX_DIR", "SEARCH_INDEX_DIR", str(INSTANCE_DIR / "search-index"),
            doc="Folder of the embedded (tantivy) search index, on local disk."),
    Setting("PORTAL_SEARCH_DRAIN_AFTER_COMMIT", "SEARCH_DRAIN_AFTER_COMMIT", True, _bool,
            doc="Embedded mode: index published changes right after the request that "
                "made them (so no worker is needed)."),
    Setting("PORTAL_ELASTICSEARCH_URL", "ELASTICSEARCH_URL", None,
            doc="Elasticsearch cluster URL for the `elasticsearch` backend."),
    Setting("PORTAL_ELASTICSEARCH_INDEX", "ELASTICSEARCH_INDEX", "portal-items",
            doc="Alias of the shared Elasticsearch index (every site's items, one "
                "index behind it; `flask search reindex` swaps it)."),
    Setting("PORTAL_REDIS_URL", "REDIS_URL", None,
            doc="Optional Redis for caches, rate limits and cross-node invalidation."),
    Setting("PORTAL_REDIS_TIMEOUT", "REDIS_TIMEOUT", 0.25, float,
            doc="Seconds to connect to Redis, or wait for its answer, before using the "
                "local fallback."),
    Setting("PORTAL_REDIS_RETRY_SECONDS", "REDIS_RETRY_SECONDS", 5.0, float,
            doc="After Redis failed, seconds each process uses its local fallback "
                "before trying Redis again."),
    Setting("PORTAL_UPLOAD_DIR", "UPLOAD_DIR", str(INSTANCE_DIR / "uploads"),
            doc="Where attachments are stored, one folder per tenant."),
    Setting("PORTAL_STORAGE", "STORAGE", "local",
            doc="Where uploaded files are kept: `local` (PORTAL_UPLOAD_DIR) or `s3` (a "
                "bucket of Amazon S3 or an S3-compatible server such as MinIO or Ceph; "
                "needed, or one shared folder, when several nodes serve the portal)."),
    Setting("PORTAL_S3_BUCKET", "S3_BUCKET", None,
            doc="`s3` storage: the bucket (it must exist)."),
    Setting("PORTAL_S3_PREFIX", "S3_PREFIX", "",
            doc="`s3` storage: a folder inside the bucket for the portal's files, e.g. "
                "`portal/` (empty: the bucket's root)."),
    Setting("PORTAL_S3_ENDPOINT_URL", "S3_ENDPOINT_URL", None,
            doc="`s3` storage: the address of an S3-compatible server, e.g. "
                "`https://minio.langson.gov.vn:9000` (unset: Amazon S3)."),
    Setting("PORTAL_S3_REGION", "S3_REGION", None,
            doc="`s3` storage: the bucket's region (unset: the AWS configuration's)."),
    Setting("PORTAL_S3_ACCESS_KEY_ID", "S3_ACCESS_KEY_ID", None,
            doc="`s3` storage: access key; unset: the standard AWS chain (AWS_* "
                "variables, ~/.aws, an instance role)."),
    Setting("PORTAL_S3_SECRET_ACCESS_KEY", "S3_SECRET_ACCESS_KEY", None,
            doc="`s3` storage: secret key, with PORTAL_S3_ACCESS_KEY_ID."),
    Setting("PORTAL_S3_TIMEOUT", "S3_TIMEOUT", 5.0, float,
            doc="`s3` storage: seconds to connect and to wait for each answer; an "
                "unreachable store fails after two tries, in seconds."),
    Setting("PORTAL_UPLOAD_MAX_BYTES", "UPLOAD_MAX_BYTES", 20 * 1024 * 1024, int,
            doc="Largest file staff may upload, in bytes (below the 64 MiB request "
                "limit)."),
    Setting("PORTAL_EXTRACT_MAX_BYTES", "EXTRACT_MAX_BYTES", 50 * 1024 * 1024, int,
            doc="Search reads the text of attached PDF and Word files up to this size, "
                "in bytes; a larger file is listed as too large."),
    Setting("PORTAL_EXTRACT_MAX_PAGES", "EXTRACT_MAX_PAGES", 500, int,
            doc="Pages of a PDF whose text search reads (the first ones)."),
    Setting("PORTAL_EXTRACT_MAX_CHARS", "EXTRACT_MAX_CHARS", 200_000, int,
            doc="Characters of a file's text that search keeps."),
    Setting("PORTAL_EXTRACT_TIMEOUT", "EXTRACT_TIMEOUT", 30.0, float,
            doc="Seconds a file's text may take to read; the reading process is then "
                "killed and the file listed as timed out."),
    Setting("PORTAL_MAIL_SERVER", "MAIL_SERVER", None,
            doc="SMTP host. Unset: mail is written to PORTAL_MAIL_OUTBOX_DIR instead."),
    Setting("PORTAL_MAIL_PORT", "MAIL_PORT", 587, int, doc="SMTP port."),
    Setting("PORTAL_MAIL_USERNAME", "MAIL_USERNAME", None, doc="SMTP user."),
    Setting("PORTAL_MAIL_PASSWORD", "MAIL_PASSWORD", None, doc="SMTP password."),
    Setting("PORTAL_MAIL_USE_TLS", "MAIL_USE_TLS", True, _bool, doc="STARTTLS on SMTP."),
    Setting("PORTAL_MAIL_SENDER", "MAIL_SENDER", "no-reply@langson.gov.vn",
            doc="From address of the portal's mail."),
    Setting("PORTAL_MAIL_SEND_AFTER_COMMIT", "MAIL_SEND_AFTER_COMMIT", False, _bool,
            doc="Send a request's mail right after its commit, in the request, instead of "
                "leaving it to the background jobs (for a deployment without them)."),
    Setting("PORTAL_MAIL_OUTBOX_DIR", "MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "mail-outbox"),
            doc="Development mail: each message is written here as an .eml file."),
    Setting("PORTAL_LOGIN_MAX_FAILURES", "LOGIN_MAX_FAILURES", 5, int,
            doc="Failed logins in a row before an account is locked."),
    Setting("PORTAL_LOGIN_LOCKOUT_MINUTES", "LOGIN_LOCKOUT_MINUTES", 15, int,
            doc="How long a locked account stays locked."),
    Setting("PORTAL_SESSION_IDLE_MINUTES", "SESSION_IDLE_MINUTES", 30, int,
            doc="A staff session left idle this long ends (checked on the server)."),
    Setting("PORTAL_SESSION_MAX_HOURS", "SESSION_MAX_HOURS", 12, int,
            doc="A staff session ends this long after its login, however active."),
    Setting("PORTAL_PASSWORD_RESET_HOURS", "PASSWORD_RESET_HOURS", 2, int,
            doc="How long a password-reset link stays valid."),
    Setting("PORTAL_SECOND_FACTOR_REQUIRED", "SECOND_FACTOR_REQUIRED", True, _bool,
            doc="Staff of the province office (hub roles) and site administrators must "
                "set up an authenticator app (TOTP) before they may work in the staff "
                "area; for everyone else it stays a choice. `make run` turns it off."),
    Setting("PORTAL_ARGON2_MEMORY_KIB", "ARGON2_MEMORY_KIB", 65536, int,
            doc="Argon2id memory cost of password hashes (KiB)."),
    Setting("PORTAL_ARGON2_TIME_COST", "ARGON2_TIME_COST", 3, int,
            doc="Argon2id iterations of password hashes."),
    Setting("PORTAL_HOST_CACHE_FILE", "HOST_CACHE_FILE", str(INSTANCE_DIR / "hosts.version"),
            doc="File whose content tells workers on one machine that domains changed "
                "(Redis is used instead when PORTAL_REDIS_URL is set)."),
    Setting("PORTAL_INPROCESS_JOBS", "INPROCESS_JOBS", True, _bool,
            doc="Run background jobs (scheduled publishing, later indexing) in a thread of "
                "each web process. Set false when a `flask worker` runs instead."),
    Setting("PORTAL_INPROCESS_JOBS_INTERVAL", "INPROCESS_JOBS_INTERVAL", 60, int,
            doc="Seconds between two passes of the in-process jobs."),
    Setting("PORTAL_JOBS_HEARTBEAT_FILE", "JOBS_HEARTBEAT_FILE",
            str(INSTANCE_DIR / "jobs.heartbeat"),
            doc="File where each pass of the background jobs notes its time (Redis is "
                "used instead when PORTAL_REDIS_URL is set); read by `/healthz/ready`."),
    Setting("PORTAL_JOBS_STALE_SECONDS", "JOBS_STALE_SECONDS", 600, int,
            doc="`/healthz/ready` reports the job runner `stale` when its last pass is "
                "older than this (a warning: readiness stays 200)."),
    Setting("PORTAL_METRICS_ALLOWED", "METRICS_ALLOWED", "127.0.0.1/32,::1/128",
            doc="Comma-separated addresses or CIDR networks allowed to read `/metrics` "
                "(anyone else gets 404 unless they send PORTAL_METRICS_TOKEN)."),
    Setting("PORTAL_METRICS_TOKEN", "METRICS_TOKEN", None,
            doc="Bearer token that opens `/metrics` from any address "
                "(`Authorization: Bearer ...`). Unset: addresses only."),
    Setting("PORTAL_ACCESS_LOG", "ACCESS_LOG", "json",
            doc="`json`: one JSON line per request on the `portal.access` logger "
                "(stdout); `off`: none."),
    Setting("PORTAL_ACCESS_LOG_CLIENT_IP", "ACCESS_LOG_CLIENT_IP", False, _bool,
            doc="Add the client's address to the access log (personal data: off "
                "unless a retention policy covers it)."),
    Setting("PORTAL_SECURE_COOKIES", "SESSION_COOKIE_SECURE", False, _bool,
            doc="Send session cookies over HTTPS only (set it in production)."),
    Setting("PORTAL_PAGE_CACHE", "PAGE_CACHE", True, _bool,
            doc="Cache rendered public pages for anonymous visitors (`off` to disable)."),
    Setting("PORTAL_PAGE_CACHE_MAX_AGE", "PAGE_CACHE_MAX_AGE", 60, int,
            doc="`Cache-Control: public, max-age` of public pages, in seconds."),
    Setting("PORTAL_PAGE_CACHE_TTL", "PAGE_CACHE_TTL", 300, int,
            doc="Longest time a page stays in the page cache, in seconds."),
    Setting("PORTAL_PAGE_CACHE_MAX_ENTRIES", "PAGE_CACHE_MAX_ENTRIES", 5000, int,
            doc="Pages kept per process by the in-process cache (no Redis)."),
    Setting("PORTAL_PAGE_CACHE_MAX_BYTES", "PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024, int,
            doc="Bytes of pages kept per process by the in-process cache."),
    Setting("PORTAL_PAGE_CACHE_ENDPOINTS", "PAGE_CACHE_ENDPOINTS", "public.",
            doc="Comma-separated endpoint prefixes whose pages are cached."),
    Setting("PORTAL_PAGE_CACHE_DIR", "PAGE_CACHE_DIR", None,
            doc="Folder of the per-site cache generation files shared by the workers "
                "(default: next to PORTAL_HOST_CACHE_FILE)."),
    Setting("PORTAL_STATS_FLUSH_SECONDS", "STATS_FLUSH_SECONDS", 30, int,
            doc="Page-view counters are written to the database at most this often."),
    Setting("PORTAL_MACHINE_TRANSLATION_URL", "MACHINE_TRANSLATION_URL", None,
            doc="Optional LibreTranslate-compatible service (http or https) that suggests "
                "translations to translators. Unset: no suggestions (off)."),
    Setting("PORTAL_MACHINE_TRANSLATION_API_KEY", "MACHINE_TRANSLATION_API_KEY", None,
            doc="API key sent to the machine translation service, if it wants one."),
    Setting("PORTAL_MACHINE_TRANSLATION_TIMEOUT", "MACHINE_TRANSLATION_TIMEOUT", 5.0, float,
            doc="Seconds to wait for a machine translation before giving up."),
    Setting("PORTAL_RATE_LIMITS", "RATE_LIMITS_ENABLED", True, _bool,
            doc="Rate limits on logins and citizens' forms (`off` only for a benchmark)."),
    Setting("PORTAL_QUESTION_RATE_PER_CLIENT", "QUESTION_RATE_PER_CLIENT", 5, int,
            doc="Questions one address may send to one site in 10 minutes."),
    Setting("PORTAL_QUESTION_RATE_PER_SITE", "QUESTION_RATE_PER_SITE", 300, int,
            doc="Questions one site accepts in an hour from all addresses together."),
    Setting("PORTAL_QUESTION_RETENTION_YEARS", "QUESTION_RETENTION_YEARS", 5, int,
            doc="Years after a question is closed before the citizen's contact data is "
                "erased (the anonymous question and answer stay)."),
    Setting("PORTAL_PROBLEM_RATE_PER_CLIENT", "PROBLEM_RATE_PER_CLIENT", 5, int,
            doc="Reports of a problem with a page one address may send to one site in "
                "10 minutes."),
    Setting("PORTAL_PROBLEM_RETENTION_DAYS", "PROBLEM_RETENTION_DAYS", 180, int,
            doc="Days after a problem report is closed before the reporter's email is "
                "erased (the report stays, redacted)."),
    Setting("PORTAL_CONSULTATION_MIN_WORKING_DAYS", "CONSULTATION_MIN_WORKING_DAYS", 20, int,
            doc="Shortest comment period of a draft for consultation, in working days "
                "after the opening day (a site may set its own: "
                "`consultation_min_working_days`)."),
    Setting("PORTAL_CONSULTATION_OUTCOME_WORKING_DAYS", "CONSULTATION_OUTCOME_WORKING_DAYS",
            30, int,
            doc="Working days after a consultation closes by which the agency's response "
                "to the comments is due (site setting: "
                "`consultation_outcome_working_days`)."),
    Setting("PORTAL_CONSULTATION_COMMENT_RATE_PER_CLIENT",
            "CONSULTATION_COMMENT_RATE_PER_CLIENT", 5, int,
            doc="Comments on drafts one address may send to one site in 10 minutes."),
    Setting("PORTAL_CONSOLE_REMINDER_WEEKDAY", "CONSOLE_REMINDER_WEEKDAY", 1, int,
            doc="Day of the week (1 = Monday … 7 = Sunday) from which the province "
                "office's weekly reminders go to the sites with something overdue."),
    Setting("PORTAL_CONSOLE_REMINDER_HOUR", "CONSOLE_REMINDER_HOUR", 8, int,
            doc="Hour (0–23, the portal's time zone) of that day from which the weekly "
                "reminders go."),
    Setting("PORTAL_BACKUP_DIR", "BACKUP_DIR", str(INSTANCE_DIR / "backups"),
            doc="Folder of the backups (`flask backup`), one sub-folder per backup named "
                "by its UTC time. Copy it off the machine (rsync, rclone)."),
    Setting("PORTAL_BACKUP_KEEP", "BACKUP_KEEP", 8, int,
            doc="How many backups `flask backup prune` and the schedule keep (the newest)."),
    Setting("PORTAL_BACKUP_SCHEDULED", "BACKUP_SCHEDULED", True, _bool,
            doc="Let the background jobs make, verify and prune backups on the days "
                "below; off when the backups are made by cron (`flask backup create`)."),
    Setting("PORTAL_BACKUP_WEEKDAYS", "BACKUP_WEEKDAYS", (1, 3, 5, 7), _weekdays,
            doc="Days of the week (1 = Monday … 7 = Sunday, comma-separated) of the "
                "scheduled backups; at least three (Circular 003, Article 13.1.c)."),
    Setting("PORTAL_BACKUP_HOUR", "BACKUP_HOUR", 2, int,
            doc="Hour (0–23, the portal's time zone) from which the day's backup is made."),
    Setting("PORTAL_BACKUP_ALERT_DAYS", "BACKUP_ALERT_DAYS", 3, int,
            doc="The province office's administrators are mailed when no backup has been "
                "verified for this many days (and after every failed run)."),
    Setting("PORTAL_POW_MAX_NUMBER", "POW_MAX_NUMBER", 50_000, int,
            doc="Difficulty of the proof-of-work on citizens' forms: the browser tries "
                "half this many SHA-256 hashes on average (about 0.2 s)."),
    Setting("PORTAL_POW_TTL_SECONDS", "POW_TTL_SECONDS", 1800, int,
            doc="How long a proof-of-work challenge stays valid, in seconds."),
)


def _development_secret_key() -> str:
    """A key kept in the instance folder, shared by every worker on this machine.

    Production sets PORTAL_SECRET_KEY; this keeps `make run` working without setup.
    """
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker wrote it first
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def load_config(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the settings as a dict for ``app.config``: defaults, then the environment."""
    environ = os.environ if environ is None else environ
    config: dict[str, Any] = {
        # Host-only cookies: no Domain attribute, so a login on one site's host is
        # never sent to another site's host.
        "SESSION_COOKIE_DOMAIN": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DOMAIN": None,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "i18n" / "translations"),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,
    }
    for setting in SETTINGS:
        raw = environ.get(setting.env)
        config[setting.key] = setting.default if raw in (None, "") else setting.parse(raw)
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _development_secret_key()
    config["MIGRATION_DATABASE_URL"] = (
        config["MIGRATION_DATABASE_URL"] or config["SQLALCHEMY_DATABASE_URI"]
    )
    return config
