"""The JSON shape of the ``extract`` command (the interface for outside checks)."""

from __future__ import annotations

from .types import ExtractedClaim, ExtractedFigure, ExtractionResult, Quantity


def quantity_to_dict(q: Quantity | None) -> dict | None:
    if q is None:
        return None
    return {"value": q.value, "unit": q.unit, "subject": q.subject}


def claim_to_dict(c: ExtractedClaim) -> dict:
    sp = c.speaker
    return {
        "content": c.content,
        "start": c.start,
        "end": c.end,
        "speaker": sp.name if sp is not None else None,
        "speaker_mention": c.speaker_mention,
        "speaker_start": c.speaker_start,
        "speaker_end": c.speaker_end,
        "speaker_org": sp.organization if sp is not None else None,
        "side": sp.side if sp is not None else None,
        "kind": c.kind,
        "cue": c.cue,
        "event": c.event,
        "stance": c.stance,
        "quantity": quantity_to_dict(c.quantity),
    }


def figure_to_dict(f: ExtractedFigure) -> dict:
    return {
        "content": f.content,
        "start": f.start,
        "end": f.end,
        "value": f.value,
        "unit": f.unit,
        "subject": f.subject,
        "source": f.source,
    }


def result_to_dict(path: str, result: ExtractionResult) -> dict:
    return {
        "file": path,
        "claims": [claim_to_dict(c) for c in result.claims],
        "figures": [figure_to_dict(f) for f in result.figures],
    }
