"""The "language" stage: language ID per document, with an Indonesian-vs-Malay tie-breaker.

py3langid gives the scores; because it often confuses Indonesian and Malay (two standard forms
of one language), marker words that differ between them (data/language.yaml) adjust the
Indonesian/Malay log-odds. ``doc.lang_scores`` keeps the identifier's scores for both and for
the top languages; ``doc.lang`` is an ISO 639-1 code where one exists ("id", "en", "ms", …).
A language declared by the reader stays unless the text clearly says otherwise; the override
is recorded in ``doc.meta["lang_declared"]``. Later stages skip documents that are not id/en.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from sorot.clean.lexicon import read_yaml
from sorot.clean.normalise import fold
from sorot.model import Document
from sorot.pipeline import register_stage

# Codes readers and feeds use for the same languages.
_ALIASES = {"in": "id", "ind": "id", "msa": "ms", "may": "ms", "zsm": "ms", "eng": "en"}
_MIN_LETTERS = 20  # below this, language ID is a guess
_LETTER = re.compile(r"[^\W\d_]")


def normalise_code(code: str | None) -> str:
    """'id-ID', 'IN', 'ind' -> 'id'; empty stays empty."""
    base = re.split(r"[-_]", (code or "").strip().lower(), maxsplit=1)[0]
    return _ALIASES.get(base, base)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


class LanguageDetector:
    """Scores a text's language; Indonesian and Malay are separated with marker words."""

    def __init__(self, path: str | None = None) -> None:
        data = read_yaml("language.yaml", path)
        self.identifier = _identifier()
        self.id_markers = _pattern(data["indonesian"])
        self.ms_markers = _pattern(data["malay"])
        self.weight = float(data["marker_weight"])
        self.sample_chars = int(data["sample_chars"])
        self.marker_chars = int(data["marker_chars"])
        self.override_confidence = float(data["override_confidence"])
        self.override_min_chars = int(data["override_min_chars"])

    def detect(self, text: str) -> tuple[str, float, dict[str, float], dict[str, int]]:
        """(language, confidence, scores, marker counts) for a text."""
        sample = text[: self.sample_chars]
        if len(_LETTER.findall(sample[:500])) < _MIN_LETTERS:
            return "", 0.0, {}, {}
        ranked = self.identifier.rank(sample)
        scores = {lang: p for lang, p in ranked[:3]}
        probs = dict(ranked)
        scores["id"], scores["ms"] = probs.get("id", 0.0), probs.get("ms", 0.0)
        lang, confidence = ranked[0]
        folded = fold(text[: self.marker_chars])
        markers = {"id": len(set(self.id_markers.findall(folded))),
                   "ms": len(set(self.ms_markers.findall(folded)))}
        malay_family = scores["id"] + scores["ms"]
        if lang in ("id", "ms") or malay_family >= 0.5:
            eps = 1e-9
            odds = math.log((scores["id"] + eps) / (scores["ms"] + eps))
            odds = max(-8.0, min(8.0, odds)) + self.weight * (markers["id"] - markers["ms"])
            lang = "id" if odds >= 0 else "ms"
            confidence = malay_family / (1.0 + math.exp(-abs(odds)))
        return lang, confidence, {k: round(v, 4) for k, v in scores.items()}, markers


@register_stage("language")
class LanguageStage:
    """Set doc.lang and doc.lang_scores; keep a reader's declared language unless clearly wrong."""

    name = "language"

    def __init__(self, path: str | None = None) -> None:
        self.detector = LanguageDetector(path)

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        lang, confidence, scores, markers = self.detector.detect(text)
        doc.lang_scores = scores
        if markers:
            doc.meta["lang_markers"] = markers
        declared = normalise_code(doc.lang)
        if not declared:
            doc.lang = lang
        elif lang and lang != declared and confidence >= self.detector.override_confidence and (
                len(text) >= self.detector.override_min_chars):
            doc.meta["lang_declared"] = declared
            doc.lang = lang
        else:
            doc.lang = declared
        return doc


def _pattern(words: list[str]) -> re.Pattern[str]:
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")
