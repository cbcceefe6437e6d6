"""Checks on the bundled sample corpus (samples/articles.jsonl).

The corpus feeds demos, the dashboard and security tests, so its shape must stay valid and the
deliberately dirty articles (gambling spam, injected <script>) must stay present.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"
KEYS = {"id", "title", "date", "source", "url", "lang", "text"}
FIRST_DAY = dt.date(2025, 1, 1)
LAST_DAY = dt.date(2026, 11, 30)
SPAM_ID = "2026-06-dpr-tolak-ruu-pilkada-dprd-demo"
SPAM_TOKEN = "gacorjp88"
SCRIPT_ID = "2026-10-ktt-asean-manila-myanmar-lcs"
SCRIPT_SNIPPET = "<script>alert(1)</script>"
GAMBLING_NEWS_ID = "2025-10-polisi-gerebek-judi-online-medan"
WEEKDAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
DAY_REF = re.compile(r"\b(" + "|".join(WEEKDAYS_ID) + r") \((\d{1,2})/(\d{1,2})\)")


def _load() -> list[dict]:
    with SAMPLES.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    return _load()


@pytest.fixture(scope="module")
def by_id(articles: list[dict]) -> dict[str, dict]:
    return {article["id"]: article for article in articles}


def test_every_line_is_an_object_with_the_expected_keys(articles: list[dict]) -> None:
    assert len(articles) >= 20
    for article in articles:
        assert set(article) == KEYS, article.get("id")
        assert all(isinstance(article[key], str) and article[key].strip() for key in KEYS)


def test_ids_and_urls_are_unique(articles: list[dict]) -> None:
    ids = [a["id"] for a in articles]
    urls = [a["url"] for a in articles]
    assert len(ids) == len(set(ids))
    assert len(urls) == len(set(urls))


def test_urls_stay_on_the_example_domain(articles: list[dict]) -> None:
    assert all(a["url"].startswith("https://news.sorot.example/") for a in articles)


def test_dates_are_iso_and_in_range(articles: list[dict]) -> None:
    for article in articles:
        day = dt.date.fromisoformat(article["date"])
        assert article["date"] == day.isoformat()
        assert FIRST_DAY <= day <= LAST_DAY, article["id"]


def test_dates_spread_over_many_months(articles: list[dict]) -> None:
    months = {a["date"][:7] for a in articles}
    assert len(months) >= 15


def test_both_languages_present(articles: list[dict]) -> None:
    langs = [a["lang"] for a in articles]
    assert set(langs) == {"id", "en"}
    assert langs.count("en") >= 2


def test_texts_are_long_enough_and_use_blank_line_paragraphs(articles: list[dict]) -> None:
    for article in articles:
        text = article["text"]
        assert len(text.split()) >= 150, article["id"]
        paragraphs = text.split("\n\n")
        assert len(paragraphs) >= 5, article["id"]
        assert all(p.strip() == p and p and "\n" not in p for p in paragraphs), article["id"]


def test_indonesian_day_references_match_the_calendar(articles: list[dict]) -> None:
    """'Senin (14/4)' must be a real Monday close to the publication date."""
    checked = 0
    for article in articles:
        published = dt.date.fromisoformat(article["date"])
        for weekday, day, month in DAY_REF.findall(article["text"]):
            when = dt.date(published.year, int(month), int(day))
            assert WEEKDAYS_ID[when.weekday()] == weekday, (article["id"], weekday, day, month)
            assert abs((when - published).days) <= 3, article["id"]
            checked += 1
    assert checked >= 20


def test_spam_article_carries_the_injected_token_at_a_paragraph_end(by_id: dict[str, dict]) -> None:
    paragraphs = by_id[SPAM_ID]["text"].split("\n\n")
    hits = [p for p in paragraphs if SPAM_TOKEN in p]
    assert len(hits) == 1
    assert hits[0].rstrip().endswith("100%")
    assert not hits[0].startswith(SPAM_TOKEN)


def test_spam_token_appears_only_in_the_spam_article(articles: list[dict]) -> None:
    assert [a["id"] for a in articles if SPAM_TOKEN in a["text"]] == [SPAM_ID]


def test_script_snippet_present_only_where_intended(articles: list[dict]) -> None:
    assert [a["id"] for a in articles if SCRIPT_SNIPPET in a["text"]] == [SCRIPT_ID]
    assert not any("<script" in a["title"] for a in articles)


def test_legit_gambling_news_is_clean(by_id: dict[str, dict]) -> None:
    text = by_id[GAMBLING_NEWS_ID]["text"]
    assert "judi online" in text
    assert SPAM_TOKEN not in text
    assert "<" not in text
