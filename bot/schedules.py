"""Schedules: friendly text or a cron expression → a trigger, and the slot arithmetic over it.

Pure (time comes in as ``now``), so DST and catch-up are tested with a controllable clock; and a
leaf, so :mod:`bot.config` can check a profile's ``schedule`` without importing the daemon.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

__all__ = ["latest_slot", "next_slot", "parse_schedule"]

_DAYS = {"monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
         "saturday": "sat", "sunday": "sun"}
_FRIENDLY = re.compile(
    r"^(?:(?P<days>daily|every day|weekdays|weekends|(?:(?:every\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
    r"(?:\s*(?:,|and)\s*)?)+))\s+at\s+(?P<times>\d{1,2}:\d{2}(?:\s*(?:,|and)\s*\d{1,2}:\d{2})*)$",
    re.IGNORECASE,
)
_EVERY = re.compile(r"^every\s+(?P<n>\d+)\s+hours?$|^hourly$", re.IGNORECASE)


def parse_schedule(text: str, zone: str) -> CronTrigger:
    """'daily at 07:00', 'weekdays at 07:30', 'mondays and thursdays at 08:00', 'every 6 hours',
    'hourly', or a five-field cron expression ('0 7 * * 1-5'), in the IANA zone ``zone``."""
    tz = ZoneInfo(zone)
    spec = " ".join(text.split())
    if match := _FRIENDLY.match(spec):
        days = match["days"].lower()
        if days in ("daily", "every day"):
            dow = "*"
        elif days == "weekdays":
            dow = "mon-fri"
        elif days == "weekends":
            dow = "sat,sun"
        else:
            dow = ",".join(_DAYS[d + "day"][:3] for d in re.findall(r"(mon|tues|wednes|thurs|fri|satur|sun)day", days))
        times = [t.split(":") for t in re.findall(r"\d{1,2}:\d{2}", match["times"])]
        for hh, mm in times:
            if int(hh) > 23 or int(mm) > 59:
                raise ValueError(f"{hh}:{mm} is not a time of day")
        minutes = {mm for _, mm in times}
        if len(minutes) > 1:
            raise ValueError("times in one schedule must share their minutes (write a cron expression otherwise)")
        hours = ",".join(str(int(hh)) for hh, _ in times)
        return CronTrigger(day_of_week=dow, hour=hours, minute=int(minutes.pop()), timezone=tz)
    if match := _EVERY.match(spec):
        n = int(match["n"] or 1)
        if not 1 <= n <= 24:
            raise ValueError("every N hours needs N from 1 to 24")
        return CronTrigger(hour=f"*/{n}", minute=0, timezone=tz)
    if len(spec.split()) == 5:
        minute, hour, day, month, dow = spec.split()
        try:
            return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=_crontab_dow(dow), timezone=tz)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a valid cron expression: {exc}") from None
    raise ValueError(
        f"{text!r} is not a schedule: write e.g. 'daily at 07:00', 'weekdays at 07:30', "
        "'mondays at 08:00', 'every 6 hours' or a cron expression like '0 7 * * *'"
    )


_NUM_DAY = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _crontab_dow(field: str) -> str:
    """Crontab counts weekdays from Sunday = 0, APScheduler 3 from Monday = 0: use names instead."""
    out = []
    for part in field.split(","):
        rng, _, step = part.partition("/")
        if rng in ("0-6", "0-7", "1-7"):
            rng = "*"
        elif re.fullmatch(r"[0-7]-[0-7]", rng):
            a, b = (int(x) for x in rng.split("-"))
            if a == 0:  # sun-X is not an ascending range for APScheduler: sun, then mon-X
                out.append("sun")
                a = 1
            rng = f"{_NUM_DAY[a]}-{_NUM_DAY[b]}" if a < b else _NUM_DAY[a]
        elif re.fullmatch(r"[0-7]", rng):
            rng = _NUM_DAY[int(rng)]
        out.append(f"{rng}/{step}" if step else rng)
    return ",".join(out)


def next_slot(trigger: CronTrigger, after: datetime) -> datetime:
    """The first scheduled time strictly after ``after``."""
    nxt = trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
    assert nxt is not None
    return nxt.astimezone(timezone.utc)


def latest_slot(trigger: CronTrigger, now: datetime, within: timedelta) -> datetime | None:
    """The most recent scheduled time in (now - within, now], if any: what a catch-up would send."""
    slot, found = now - within, None
    while True:
        slot = next_slot(trigger, slot)
        if slot > now:
            return found
        found = slot
