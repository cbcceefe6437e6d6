"""The consoles every command prints with: data is printed literally, never read as markup.

Article titles, quotes, evidence, ids and paths can hold square brackets ("[VIDEO]", "[/b]") or
emoji codes (":flag:"); rich would read them as markup (dropping them or raising MarkupError) or
swap them for emoji. Both consoles therefore have markup and emoji off: plain strings and table
cells print as given, and styling goes through ``Text`` (see ``styled``), never through markup.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

# Standard output: records and tables; no wrapping of long lines (records are meant to be piped).
out = Console(markup=False, emoji=False, highlight=False, soft_wrap=True)
# Standard error: run summaries, progress, messages.
err = Console(stderr=True, markup=False, emoji=False, highlight=False)


def styled(*parts: str | tuple[str, str]) -> Text:
    """One line from literal pieces, some with a style: ``styled(("error", "red"), f" {message}")``."""
    return Text.assemble(*parts)
