"""Small read API over ``doc.mentions`` for the stages that come after "actors".

Mentions are kept sorted by start, so span queries are a bisect plus a short scan.
"""

from __future__ import annotations

import bisect

from sorot.actors.kb import NON_STATE
from sorot.model import Actor, Document, Mention


def mentions_between(doc: Document, start: int, end: int, *, resolved_only: bool = False) -> list[Mention]:
    """Mentions lying fully inside [start, end), in text order."""
    mentions = doc.mentions
    starts = [m.start for m in mentions]
    out = []
    for m in mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]:
        if m.end <= end and (m.actor is not None or not resolved_only):
            out.append(m)
    return out


def actors_in_span(doc: Document, start: int, end: int, *, include_pronouns: bool = True) -> list[Actor]:
    """Distinct resolved actors mentioned inside [start, end), in order of first mention.

    Two mentions are the same actor when code, sector and name agree.
    """
    seen: set[tuple[str, str, str]] = set()
    out: list[Actor] = []
    for m in mentions_between(doc, start, end, resolved_only=True):
        if m.actor is None or (m.type == "PRONOUN" and not include_pronouns):
            continue
        key = m.actor.key()
        if key not in seen:
            seen.add(key)
            out.append(m.actor)
    return out


def mention_at(doc: Document, offset: int) -> Mention | None:
    """The mention covering character ``offset``, if any."""
    starts = [m.start for m in doc.mentions]
    k = bisect.bisect_right(starts, offset) - 1
    if k >= 0 and doc.mentions[k].end > offset:
        return doc.mentions[k]
    return None


def states_before(doc: Document, offset: int, count: int = 2) -> list[str]:
    """The last ``count`` distinct state codes mentioned before ``offset``, most recent first.

    For phrases that refer back to states without naming them ("kedua negara", "keduanya").
    """
    starts = [m.start for m in doc.mentions]
    out: list[str] = []
    for m in reversed(doc.mentions[:bisect.bisect_left(starts, offset)]):
        code = m.actor.code if m.actor is not None else ""
        if code and len(code) == 3 and code not in NON_STATE and code not in out:
            out.append(code)
            if len(out) == count:
                break
    return out
