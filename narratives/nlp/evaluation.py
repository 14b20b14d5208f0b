"""Scoring extraction against a gold file (schema of narratives/data/gold/README.md). Pure code.

Matching rule: a predicted claim matches a gold claim when their character spans
overlap by at least half of the shorter span; one-to-one, greedy by overlap.
Who-said-what also needs the right speaker: the same actor, or a transliteration
variant of its name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .lexicon import word_pattern
from .quotes import paragraph_at


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    speaker: str | None = None
    event: str | None = None
    stance: str | None = None
    value: float | None = None


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_ok: int = 0
    event_ok: int = 0
    stance_ok: int = 0
    gold_figures: int = 0
    found_figures: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)
    wrong_speakers: list = field(default_factory=list)
    wrong_placements: list = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in (
            "gold",
            "predicted",
            "matched",
            "speaker_ok",
            "event_ok",
            "stance_ok",
            "gold_figures",
            "found_figures",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def detection(self) -> tuple[float, float, float]:
        return self.prf(self.matched, self.predicted, self.gold)

    @property
    def who_said_what(self) -> tuple[float, float, float]:
        return self.prf(self.speaker_ok, self.predicted, self.gold)

    def accuracy(self, ok: int) -> float:
        return ok / self.matched if self.matched else 0.0

    @property
    def figure_recall(self) -> float:
        return self.found_figures / self.gold_figures if self.gold_figures else 0.0

    def as_dict(self) -> dict:
        p, r, f = self.detection
        wp, wr, wf = self.who_said_what
        return {
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "precision": p, "recall": r, "f1": f,
            "wsw_precision": wp, "wsw_recall": wr, "wsw_f1": wf,
            "speaker_accuracy": self.accuracy(self.speaker_ok),
            "event_accuracy": self.accuracy(self.event_ok),
            "stance_accuracy": self.accuracy(self.stance_ok),
            "figure_recall": self.figure_recall,
        }  # fmt: skip


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match(
    pred: Sequence[Span], gold: Sequence[Span], agree: Callable[[Span, Span], bool] | None = None
) -> list[tuple[int, int]]:
    """One-to-one greedy matching by overlap; a pair needs overlap >= half the shorter span.

    Ties (gold claims with the same span, as "According to the UN, he added, …") go to the
    pair whose speakers agree, then to the closer start.
    """
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = overlap(p, g)
            shorter = min(p.end - p.start, g.end - g.start)
            if ov > 0 and 2 * ov >= shorter:
                tie = bool(agree(p, g)) if agree is not None else False
                pairs.append((ov, tie, -abs(p.start - g.start) - abs(p.end - g.end), i, j))
    pairs.sort(reverse=True)
    used_p, used_g, out = set(), set(), []
    for *_, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return sorted(out, key=lambda x: x[1])


_TITLES = re.compile(rf"\b(?:{word_pattern('names', 'speaker_match_titles')})\b\.?")


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFKD", name or "")
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"['’]s\b", "", name).replace(".", "")  # U.S. = US
    name = _TITLES.sub(" ", name)
    return " ".join(re.findall(r"[\w]+", name))


def same_speaker(
    predicted: str | None, gold: str | None, same_person: Callable[[str, str], bool] | None = None
) -> bool:
    """Same actor name after normalisation, or a transliteration variant of the same person."""
    if not predicted or not gold:
        return False
    a, b = _norm(predicted), _norm(gold)
    if a == b:
        return True
    if same_person is not None:
        try:
            return bool(same_person(predicted, gold))
        except Exception:  # noqa: BLE001 - a matcher bug must not abort scoring
            return False
    return False


def locate(text: str, contents: Sequence[str]) -> list[tuple[int, int]]:
    """Offsets of gold strings in document order: each from the previous claim's start, else anywhere."""
    spans = []
    cursor = 0
    for content in contents:
        at = text.find(content, max(0, cursor - 400)) if content else -1
        if at < 0:
            at = text.find(content)
        if at < 0:
            spans.append((-1, -1))
            continue
        spans.append((at, at + len(content)))
        cursor = at
    return spans


def score_article(
    text: str,
    gold_article: dict,
    claims: Iterable[dict],
    figures: Iterable[dict] = (),
    same_person: Callable[[str, str], bool] | None = None,
) -> Counts:
    """Score one article. ``claims``/``figures`` are dicts with the fields of the extract command."""
    gold_claims = gold_article.get("claims", [])
    located = locate(text, [g["content"] for g in gold_claims])
    gold = [
        Span(s, e, g.get("speaker"), g.get("event"), g.get("stance"))
        for (s, e), g in zip(located, gold_claims, strict=False)
    ]
    pred = [Span(c["start"], c["end"], c.get("speaker"), c.get("event"), c.get("stance")) for c in claims]
    counts = Counts(gold=len(gold), predicted=len(pred))
    pairs = match(pred, gold, lambda p, g: same_speaker(p.speaker, g.speaker, same_person))
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    for i, j in pairs:
        counts.matched += 1
        if same_speaker(pred[i].speaker, gold[j].speaker, same_person):
            counts.speaker_ok += 1
        else:
            counts.wrong_speakers.append(
                (text[gold[j].start : gold[j].end][:60], gold[j].speaker, pred[i].speaker)
            )
        counts.event_ok += pred[i].event == gold[j].event
        counts.stance_ok += pred[i].stance == gold[j].stance
        if (pred[i].event, pred[i].stance) != (gold[j].event, gold[j].stance):
            counts.wrong_placements.append(
                (
                    text[gold[j].start : gold[j].end][:80],
                    (gold[j].event, gold[j].stance),
                    (pred[i].event, pred[i].stance),
                )
            )
    counts.misses = [(j, text[g.start : g.end][:80]) for j, g in enumerate(gold) if j not in matched_g]
    counts.extras = [(p.start, text[p.start : p.end][:80]) for i, p in enumerate(pred) if i not in matched_p]
    gold_figs = [g for g in gold_article.get("figures", [])]
    fig_spans = locate(text, [f["content"] for f in gold_figs])
    gspans = [Span(s, e, value=f.get("value")) for (s, e), f in zip(fig_spans, gold_figs, strict=False)]
    pspans = [Span(f["start"], f["end"], value=f.get("value")) for f in figures]
    counts.gold_figures = len(gspans)
    for i, j in match(pspans, gspans):
        if (
            pspans[i].value is None
            or gspans[j].value is None
            or abs(pspans[i].value - gspans[j].value) < 1e-6
        ):
            counts.found_figures += 1
    return counts


@dataclass
class Report:
    articles: list[tuple[str, Counts]]
    total: Counts

    def as_dict(self) -> dict:
        return {"articles": {name: c.as_dict() for name, c in self.articles}, "total": self.total.as_dict()}


def evaluate(
    gold_path: str | Path,
    corpus_dir: str | Path,
    run: Callable[[list[str]], list[tuple[list[dict], list[dict]]]],
    same_person: Callable[[str, str], bool] | None = None,
) -> Report:
    """Score ``run`` (texts -> [(claims, figures)]) on every gold article found in ``corpus_dir``."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    articles = gold["articles"] if isinstance(gold, dict) else gold
    texts = [(Path(corpus_dir) / a["file"]).read_text(encoding="utf-8") for a in articles]
    outputs = run(texts)
    total = Counts()
    rows = []
    for article, text, (claims, figures) in zip(articles, texts, outputs, strict=False):
        counts = score_article(text, article, claims, figures, same_person)
        rows.append((article.get("id") or article["file"], counts))
        total.add(counts)
    return Report(rows, total)


def format_report(report: Report) -> str:
    head = (
        f"{'article':<10}{'gold':>5}{'pred':>5}{'match':>6}  {'P':>5}{'R':>6}{'F1':>6}  "
        f"{'wswP':>5}{'wswR':>6}{'wswF1':>6}  {'spk':>5}{'event':>6}{'stance':>7}{'figR':>6}"
    )
    lines = [head, "-" * len(head)]
    for name, c in [*report.articles, ("TOTAL", report.total)]:
        p, r, f = c.detection
        wp, wr, wf = c.who_said_what
        lines.append(
            f"{name:<10}{c.gold:>5}{c.predicted:>5}{c.matched:>6}  {p:5.2f}{r:6.2f}{f:6.2f}  "
            f"{wp:5.2f}{wr:6.2f}{wf:6.2f}  {c.accuracy(c.speaker_ok):5.2f}{c.accuracy(c.event_ok):6.2f}"
            f"{c.accuracy(c.stance_ok):7.2f}"
            # An article with no gold figures has no recall to report.
            + (f"{c.figure_recall:6.2f}" if c.gold_figures else f"{'n/a':>6}")
        )
    return "\n".join(lines)


# --- learning from labels: cross-validation by article -----------------------------


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (a line break or . ! ? followed by a space ends one)."""
    left = max(text.rfind("\n", 0, start), *(text.rfind(p + " ", 0, start) + 1 for p in ".!?"))
    right_candidates = [
        i for i in (text.find("\n", end), *(text.find(p + " ", end) for p in ".!?")) if i >= 0
    ]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[max(left, 0) : right].strip()


def reclassify(text: str, claims: Sequence[dict], classifier) -> list[dict]:
    """The claims of one article re-placed by ``classifier`` (event, stance), in document order."""
    from .classify import Memo

    results = classifier.classify_document(
        [
            {
                "content": claim["content"],
                "sentence": claim.get("sentence") or sentence_around(text, claim["start"], claim["end"]),
                "paragraph": paragraph_at(text, claim["start"]),
                "speaker_side": claim.get("side"),
            }
            for claim in claims
        ],
        Memo(),
    )
    return [
        {**claim, "event": result.event, "stance": result.stance}
        for claim, result in zip(claims, results, strict=True)
    ]


def cross_validate(
    gold_articles: Sequence[dict],
    texts: Sequence[str],
    claims: Sequence[Sequence[dict]],
    knowledge,
    folds: int,
    same_person: Callable[[str, str], bool] | None = None,
) -> Counts:
    """Event/stance with analysts' labels: each fold of articles is re-classified with models fitted on
    the gold labels of the other folds (as if analysts had corrected those articles)."""
    from .classify import Classifier, LabelledClaim, fit_event_models

    total = Counts()
    n = len(gold_articles)
    folds = max(2, min(folds, n))
    base = Classifier(knowledge, models={})  # the definitions alone: what the models learn on top of
    for k in range(folds):
        labelled = []
        for i, (article, text) in enumerate(zip(gold_articles, texts, strict=True)):
            if i % folds == k:
                continue
            gold_claims = article.get("claims", [])
            for (s, e), g in zip(locate(text, [g["content"] for g in gold_claims]), gold_claims, strict=True):
                if s >= 0:
                    labelled.append(
                        LabelledClaim(
                            g["content"],
                            sentence_around(text, s, e),
                            g.get("event"),
                            g.get("stance"),
                            g.get("side"),
                            i,
                        )
                    )
        models = fit_event_models(labelled, prior=base.position_scores)
        classifier = Classifier(knowledge, models=models)
        for i in range(k, n, folds):
            new = reclassify(texts[i], claims[i], classifier)
            total.add(score_article(texts[i], gold_articles[i], new, (), same_person))
    return total
