"""When the site's output changes with time alone, and the build moment a publish should use.

A build's output depends on its moment (SOURCE_DATE_EPOCH) in two ways only: a post or bulletin
appears once its date has passed, and the plan reports, the plan check and the sitemap are
dated by the day. So between two scheduled moments, within one Vietnam day, every build of the
same sources is the same site. Publishing builds as of the *publication moment* (the later of
today's midnight and the last scheduled moment already passed): the site is then a function of
the sources and that moment, and re-publishing with nothing changed builds the very same tree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from ..dates import VIETNAM, vn_moment
from .load import Site


@dataclass(frozen=True)
class Scheduled:
    """One dated item that is not published yet: its source file and the moment it goes live."""

    source: str
    when: datetime


def moments(site: Site) -> list[datetime]:
    """Every moment at which a post or bulletin goes live, past or future (drafts excluded)."""
    items = (*site.posts, *site.scheduled, *site.bulletins, *site.scheduled_bulletins)
    return sorted({item.date for item in items})


def upcoming(site: Site) -> list[Scheduled]:
    """Posts and bulletins dated after the site's build time, soonest first."""
    items = [Scheduled(p.source, p.date) for p in (*site.scheduled, *site.scheduled_bulletins)]
    return sorted(items, key=lambda s: (s.when, s.source))


def next_scheduled_line(site: Site) -> str | None:
    """The build log's line about the next scheduled moment, or None when nothing is scheduled."""
    items = upcoming(site)
    if not items:
        return None
    first = items[0]
    same = sum(1 for item in items if item.when == first.when)
    also = f" và {same - 1} mục khác" if same > 1 else ""
    return (f"hẹn đăng tiếp theo: {vn_moment(first.when)} (giờ Việt Nam): {first.source}{also}; "
            "lần đăng từ thời điểm đó trở đi sẽ đưa lên trang")


def _epoch(moment: datetime) -> int:
    # A date with fractions of a second is live from the next whole second.
    return math.ceil(moment.timestamp())


def day_start(now: float) -> int:
    """The epoch of midnight, Vietnam time, of the day that contains ``now``."""
    local = datetime.fromtimestamp(now, VIETNAM)
    return int(local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp())


def publication_epoch(dated: Iterable[datetime], now: float) -> int:
    """The build moment for a publish at ``now``: the later of today's midnight (Vietnam time)
    and the last of ``dated`` already passed. Every item live at ``now`` is live then too."""
    limit = math.floor(now)
    passed = [e for e in map(_epoch, dated) if e <= limit]
    return max([day_start(now), *passed])


def next_due(dated: Iterable[datetime], now: float) -> int:
    """The next moment after ``now`` when the output changes by time alone: the next scheduled
    item, or the next midnight in Vietnam, whichever comes first."""
    tomorrow = int((datetime.fromtimestamp(day_start(now), VIETNAM) + timedelta(days=1)).timestamp())
    future = [e for e in map(_epoch, dated) if e > math.floor(now)]
    return min([tomorrow, *future])
