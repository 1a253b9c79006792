"""Digests and their outbox: stored before sending, one row per delivery, settled when all were accepted."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.store.rows import NewDigest, OutboxRow, StoredDigest, _digest, _utc
from bot.store.schema import deliveries, digest_entries, digests, insert_if_absent, inserted_id, outbox


class DigestsMixin:
    engine: Engine

    def last_digest_at(self, profile: str) -> datetime | None:
        with self.engine.connect() as conn:
            return _utc(conn.execute(sa.select(sa.func.max(digests.c.created_at)).where(digests.c.profile == profile)).scalar())

    def record_digest(
        self, profile: str, now: datetime, window_start: datetime | None, entry_ids: list[int], stories: int,
        story_keys: dict[int, str] | None = None, bodies: dict[str, str] | None = None,
    ) -> int:
        """A digest handed over directly (stdout, a file): its entries are delivered at once. ``bodies``
        (text, html, markdown) are kept so `digest --again` can show it again, in any format."""
        bodies = bodies or {}
        record = NewDigest(profile=profile, key=None, scheduled_for=None, window_start=window_start,
                           entry_ids=entry_ids, story_count=stories, kinds=[], story_keys=story_keys or {},
                           body_text=bodies.get("text"), body_html=bodies.get("html"), body_markdown=bodies.get("markdown"))
        return self.create_digest(record, now, delivered=True)

    def create_digest(self, record: "NewDigest", now: datetime, delivered: bool = False) -> int:
        """Store a rendered digest and one outbox row per delivery, before anything is sent.

        The idempotency key is unique: creating a digest whose key exists returns the existing
        one, so a restart or a second trigger for the same slot never makes a second digest.
        """
        if record.key is not None:
            existing = self.digest_by_key(record.key)
            if existing is not None:
                return existing.id
        status = "sent" if delivered else ("pending" if record.kinds else "empty")
        try:
            with self.engine.begin() as conn:
                digest_id = inserted_id(
                    conn.execute(
                        digests.insert().values(
                            profile=record.profile, created_at=now, window_start=record.window_start,
                            story_count=record.story_count, article_count=len(record.entry_ids), key=record.key,
                            scheduled_for=record.scheduled_for, status=status, subject=record.subject,
                            message_id=record.message_id, body_text=record.body_text, body_html=record.body_html,
                            body_markdown=record.body_markdown, notify_markdown=record.notify_markdown,
                            notify_text=record.notify_text,
                        )
                    )
                )
                if record.entry_ids:
                    conn.execute(digest_entries.insert(), [
                        {"digest_id": digest_id, "entry_id": e, "story_key": record.story_keys.get(e)} for e in record.entry_ids
                    ])
                if record.kinds:
                    conn.execute(
                        outbox.insert(),
                        [{"digest_id": digest_id, "kind": k, "status": "pending", "attempts": 0, "next_attempt_at": now}
                         for k in record.kinds],
                    )
                if delivered:
                    self._mark_delivered(conn, digest_id, record.profile, now)
                return digest_id
        except sa.exc.IntegrityError:
            if record.key is not None and (existing := self.digest_by_key(record.key)) is not None:
                return existing.id  # another process made it a moment ago
            raise

    def _mark_delivered(self, conn: Connection, digest_id: int, profile: str, now: datetime) -> None:
        keys = dict(conn.execute(
            sa.select(digest_entries.c.entry_id, digest_entries.c.story_key).where(digest_entries.c.digest_id == digest_id)
        ).all())
        done = set(
            conn.execute(
                sa.select(deliveries.c.entry_id).where(deliveries.c.profile == profile, deliveries.c.entry_id.in_(list(keys)))
            ).scalars()
        )
        rows = [{"profile": profile, "entry_id": e, "digest_id": digest_id, "delivered_at": now, "story_key": k}
                for e, k in keys.items() if e not in done]
        insert_if_absent(conn, deliveries, rows, ["profile", "entry_id"])  # a concurrent run may have marked some

    def digest_by_key(self, key: str) -> "StoredDigest | None":
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(digests).where(digests.c.key == key)).first()
        return _digest(row) if row else None

    def digest(self, digest_id: int) -> "StoredDigest":
        with self.engine.connect() as conn:
            return _digest(conn.execute(sa.select(digests).where(digests.c.id == digest_id)).one())

    def recent_digests(self, profile: str | None = None, limit: int = 10, with_bodies: bool = False) -> list["StoredDigest"]:
        """Newest first; ``with_bodies``: only digests made for delivery (they have a key) with their bodies, what
        an Atom feed lists; a one-off digest (stdout, a file) keeps its bodies for `--again` but is not listed."""
        query = sa.select(digests).order_by(digests.c.created_at.desc(), digests.c.id.desc()).limit(limit)
        if profile is not None:
            query = query.where(digests.c.profile == profile)
        if with_bodies:
            query = query.where(digests.c.body_html.is_not(None), digests.c.key.is_not(None))
        with self.engine.connect() as conn:
            return [_digest(r) for r in conn.execute(query)]

    def last_shown(self, profile: str) -> "tuple[StoredDigest | None, bool]":
        """The profile's newest digest that showed stories, and whether its bodies were kept (digests recorded
        before they were have none): what `digest --again` shows."""
        query = (sa.select(digests).where(digests.c.profile == profile, digests.c.story_count > 0)
                 .order_by(digests.c.created_at.desc(), digests.c.id.desc()).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return (_digest(row), row.body_html is not None) if row else (None, False)

    # -- outbox ------------------------------------------------------------------------------

    def outbox_rows(self, digest_id: int | None = None, due: datetime | None = None) -> list["OutboxRow"]:
        """Rows still to send: of one digest, or all pending ones due by ``due``."""
        query = sa.select(outbox).order_by(outbox.c.id)
        if digest_id is not None:
            query = query.where(outbox.c.digest_id == digest_id)
        if due is not None:
            query = query.where(outbox.c.status == "pending", outbox.c.next_attempt_at <= due)
        with self.engine.connect() as conn:
            return [OutboxRow(r.id, r.digest_id, r.kind, r.status, r.stage, r.attempts, _utc(r.next_attempt_at), r.last_error,
                              _utc(r.sent_at)) for r in conn.execute(query)]

    def outbox_update(self, row_id: int, **values: object) -> None:
        """One committed step of a delivery (sending, stage, sent, retry, failed): the crash-safe record."""
        with self.engine.begin() as conn:
            if values.get("status") == "sending":
                values["attempts"] = outbox.c.attempts + 1
            conn.execute(outbox.update().where(outbox.c.id == row_id).values(**values))

    def settle_digest(self, digest_id: int, now: datetime) -> str:
        """The digest's state from its deliveries; entries count as delivered only when all were sent."""
        with self.engine.begin() as conn:
            statuses = conn.execute(sa.select(outbox.c.status).where(outbox.c.digest_id == digest_id)).scalars().all()
            row = conn.execute(sa.select(digests.c.profile, digests.c.status).where(digests.c.id == digest_id)).one()
            if statuses and all(s == "sent" for s in statuses):
                status = "sent"
            elif any(s in ("pending", "sending") for s in statuses):
                status = "pending"
            elif statuses:
                status = "failed"
            else:
                status = row.status
            if status == "sent" and row.status != "sent":
                self._mark_delivered(conn, digest_id, row.profile, now)
            conn.execute(digests.update().where(digests.c.id == digest_id).values(status=status))
            return str(status)

    def recover_interrupted(self) -> list["OutboxRow"]:
        """Deliveries a crash left 'sending': back to pending, except an e-mail whose end of data
        reached the server (it accepted it, most likely, and a resend would be a second copy)."""
        rows = [r for r in self.outbox_rows() if r.status == "sending"]
        for r in rows:
            if r.stage == "awaiting-reply":
                self.outbox_update(r.id, status="sent", stage=None,
                                   last_error="interrupted after the server had the whole message; counted as sent")
            else:
                self.outbox_update(r.id, status="pending", stage=None)
        return rows
