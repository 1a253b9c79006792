"""The outbox: digests are stored first (once per key), then handed to their deliveries, with retries.

An entry counts as delivered only after every delivery of its digest was accepted, and the
idempotency key (:func:`digest_key`) means a retry or a second trigger never sends twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from bot.errors import BotError
from bot.store import DigestLock, NewDigest, OutboxRow, Store, StoredDigest

# `digest` calls only mark_delivered: the senders (email, smtplib), the pipeline and the renderer load where used.
if TYPE_CHECKING:
    from jinja2 import Environment

    from bot.config import Config
    from bot.deliver import Rendered
    from bot.fetch import Http
    from bot.pipeline import Progress, RunReport
    from bot.workers import Workers

RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60, 120, 240, 360, 360, 360, 360, 360, 360)]


def digest_key(profile: str, slot: datetime) -> str:
    """The idempotency key: one digest per profile and scheduled time, however often it is triggered."""
    return f"{profile}@{slot.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}"


def mark_delivered(store: Store, report: RunReport, now: datetime, bodies: dict[str, str] | None = None) -> int | None:
    """Record the digest and its entries as delivered; call only after it was handed over. ``bodies``
    (text, html, markdown) are kept for `digest --again`."""
    ids, keys = report.delivered_by(report.digest.stories)
    if not ids:
        return None
    return store.record_digest(report.profile, now, report.window_start, ids, len(report.digest.stories), keys, bodies)


def make_digest(
    config: Config,
    profile_name: str,
    store: Store,
    http: Http,
    workers: Workers,
    env: Environment,
    now: datetime,
    slot: datetime | None = None,
    since: timedelta | None = None,
    progress: Progress | None = None,
) -> int:
    """Make (once per key) and store a profile's digest with one outbox row per delivery; returns its id.

    Nothing is sent here: :func:`dispatch` does that, so a crash between the two loses nothing.
    """
    with DigestLock(store, profile_name):  # another digest of this profile (`digest`, a second daemon) waits
        return _make_digest(config, profile_name, store, http, workers, env, now, slot, since, progress)


def _make_digest(
    config: Config, profile_name: str, store: Store, http: Http, workers: Workers, env: Environment, now: datetime,
    slot: datetime | None, since: timedelta | None, progress: Progress | None,
) -> int:
    from bot.deliver import message_id_for
    from bot.pipeline import run
    from bot.render import fit_for_mail, render, render_notify, subject_for

    _, profile = config.profile(profile_name)
    key = digest_key(profile_name, slot or now)
    existing = store.digest_by_key(key)
    if existing is not None:
        return existing.id
    report = run(config, profile_name, store, http, workers, now, since=since, progress=progress)
    digest = report.digest
    kinds = profile.deliver.kinds()
    if not digest.stories and not profile.send_empty:
        kinds = []  # nothing new: recorded (so catch-up does not redo it), nothing sent
    sender = config.mail.sender if config.mail else None
    max_bytes = config.mail.max_html_bytes if config.mail and profile.deliver.email else 10**9
    html, digest = fit_for_mail(digest, env, max_bytes)
    entry_ids, story_keys = report.delivered_by(digest.stories)
    notify_markdown, notify_text = render_notify(digest, env) if profile.deliver.notify else (None, None)
    return store.create_digest(
        NewDigest(
            profile=profile_name,
            key=key,
            scheduled_for=slot,
            window_start=report.window_start,
            entry_ids=entry_ids,
            story_keys=story_keys,
            story_count=len(digest.stories),
            kinds=kinds,
            subject=subject_for(config, profile_name, digest),
            message_id=message_id_for(key, sender),
            body_text=render(digest, "text", env),
            body_html=html,
            body_markdown=render(digest, "markdown", env),
            notify_markdown=notify_markdown,
            notify_text=notify_text,
        ),
        now,
    )


def _rendered(config: Config, stored: StoredDigest) -> Rendered:
    from bot.deliver import Rendered, message_id_for

    profile = config.profiles.get(stored.profile)
    return Rendered(
        digest_id=stored.id,
        profile=stored.profile,
        title=(profile.title if profile and profile.title else "News digest"),
        subject=stored.subject or "News digest",
        message_id=stored.message_id or message_id_for(stored.key or str(stored.id), None),
        created_at=stored.created_at,
        slot=stored.scheduled_for,
        text=stored.body_text or "",
        html=stored.body_html or "",
        markdown=stored.body_markdown or "",
        notify_markdown=stored.notify_markdown or "",
        notify_text=stored.notify_text or "",
    )


@dataclass
class DispatchResult:
    digest_id: int
    kind: str
    outcome: str  # sent, retry, failed
    detail: str | None = None


def dispatch(
    config: Config,
    store: Store,
    now: datetime,
    digest_id: int | None = None,
    senders: dict[str, Callable[[Rendered, Callable[[str], None]], None]] | None = None,
) -> list[DispatchResult]:
    """Hand over what is due: one digest's deliveries, or every pending one whose retry time has come.

    Each step is committed before the next (sending → sent / retry / failed), and entries count
    as delivered only once every delivery of their digest was accepted.
    """
    from bot.deliver import PermanentFailure, TemporaryFailure
    from bot.deliver.notify import is_progress

    rows = store.outbox_rows(digest_id=digest_id, due=now)
    results = []
    touched = set()
    loaded: dict[int, tuple[str, Rendered]] = {}  # one digest's bodies are read once, however many deliveries
    for row in rows:
        if row.digest_id not in loaded:
            stored = store.digest(row.digest_id)
            loaded[row.digest_id] = (stored.profile, _rendered(config, stored))
        profile, rendered = loaded[row.digest_id]
        send = (senders or {}).get(row.kind) or _sender_for(config, profile, row.kind, store, row.stage)
        store.outbox_update(row.id, status="sending", stage=row.stage if is_progress(row.stage) else None)
        recorder = _StageRecorder(store, row.id)
        try:
            send(rendered, recorder)
        except TemporaryFailure as exc:
            attempt = row.attempts + 1
            if attempt > len(RETRY_DELAYS):
                store.outbox_update(row.id, status="failed", stage=None, last_error=f"gave up after {attempt} attempts: {exc}")
                results.append(DispatchResult(row.digest_id, row.kind, "failed", str(exc)))
            else:
                # A chat message sent in parts keeps where it stopped ("resume 2/3"): the retry carries on there.
                store.outbox_update(row.id, status="pending", stage=recorder.last if is_progress(recorder.last) else None,
                                    last_error=str(exc), next_attempt_at=now + RETRY_DELAYS[attempt - 1])
                results.append(DispatchResult(row.digest_id, row.kind, "retry", str(exc)))
        except (PermanentFailure, BotError) as exc:
            store.outbox_update(row.id, status="failed", stage=None, last_error=str(exc))
            results.append(DispatchResult(row.digest_id, row.kind, "failed", str(exc)))
        else:
            store.outbox_update(row.id, status="sent", stage=None, sent_at=now, last_error=None)
            results.append(DispatchResult(row.digest_id, row.kind, "sent"))
        touched.add(row.digest_id)
    for d in touched:
        store.settle_digest(d, now)
    return results


class _StageRecorder:
    """Each stage of a delivery, committed as it happens, so a crash leaves a record of how far it got."""

    def __init__(self, store: Store, row_id: int):
        self.store, self.row_id = store, row_id
        self.last: str | None = None

    def __call__(self, stage: str) -> None:
        self.last = stage
        self.store.outbox_update(self.row_id, stage=stage)


def recover_interrupted(store: Store, now: datetime) -> list[OutboxRow]:
    """Deliveries a crash left 'sending', put right before anything else is sent (only with the instance lock held).

    A chat message in parts counts the part that was in flight as sent and resumes after it, as an
    e-mail whose data reached the server counts as sent: a duplicate is the worse failure.
    """
    from bot.deliver.notify import resume_from

    rows = [r for r in store.outbox_rows() if r.status == "sending"]
    for r in rows:
        progress = resume_from(r.stage)
        if progress is None:
            continue
        following, total = progress
        if r.stage and r.stage.startswith("resume "):  # stopped before posting anything this time
            store.outbox_update(r.id, status="pending", next_attempt_at=now)
            continue
        note = f"interrupted while part {following - 1} of {total} was being sent; counted as sent"
        if following > total:
            store.outbox_update(r.id, status="sent", stage=None, sent_at=now, last_error=note)
        else:
            store.outbox_update(r.id, status="pending", stage=f"resume {following}/{total}", last_error=note,
                                next_attempt_at=now)
    store.recover_interrupted()  # the rest: e-mail by its stage, files and feeds are simply written again
    for digest_id in {r.digest_id for r in rows}:
        store.settle_digest(digest_id, now)
    return rows


def _sender_for(
    config: Config, profile_name: str, kind: str, store: Store, stage: str | None = None
) -> Callable[[Rendered, Callable[[str], None]], None]:
    from bot.deliver import PermanentFailure, SmtpSender, build_email, deliver_atom, deliver_directory, deliver_stdout
    from bot.deliver.notify import send as send_notify
    from bot.deliver.notify import target_for
    from bot.deliver.notify import where_of as notify_where

    _, profile = config.profile(profile_name)
    deliver = profile.deliver
    found = target_for(deliver.notify, kind)
    if found is not None:
        target, where = found[1], notify_where(profile_name, found[0])
        return lambda r, on_stage: send_notify(target, where, r, on_stage, resume=stage)
    if kind == "email" and deliver.email and config.mail:
        smtp, to, mail = SmtpSender(config.mail), deliver.email.to, config.mail
        return lambda r, on_stage: smtp.send(build_email(r, mail, to), on_stage)
    if kind == "directory" and deliver.directory:
        directory = deliver.directory
        return lambda r, _s: (deliver_directory(r, directory, profile.formats), None)[1]
    if kind == "atom" and deliver.atom:
        atom = deliver.atom

        def write_atom(r: Rendered, _s: Callable[[str], None]) -> None:
            recent = [_rendered(config, d) for d in store.recent_digests(profile_name, atom.keep, with_bodies=True)
                      if d.status in ("sent", "pending") and d.story_count]
            deliver_atom(recent, atom.path, r.title, profile_name, r.created_at)

        return write_atom
    if kind == "stdout":
        return lambda r, _s: deliver_stdout(r)
    raise PermanentFailure(f"profile {profile_name!r} no longer has a {kind!r} delivery configured")
