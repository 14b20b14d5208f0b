"""Cue families, one module each; every family is a function over a :class:`~narratives.nlp.regions.Context`
returning :class:`~narratives.nlp.syntax.Candidate` records, and ``narratives.nlp.attribution`` merges them.

- ``verb``: reporting verbs, with their participle ("…, noting that"), passive ("was stated by X"),
  infinitive ("urged X to …") and split-quote ("“A,” he said, “B.”") forms;
- ``noun``: nominal cues ("his claim that …", "the ministry's statement …") and light verbs
  ("voiced skepticism about …");
- ``according``: source frames ("according to X");
- ``teaser``: headline teasers ("… – Kremlin") and tweet embeds;
- ``bare_quote``: quotes with no cue of their own that continue the previous attribution.

``subjects`` finds the speaker of a verb cue; it is shared by the families.
"""
