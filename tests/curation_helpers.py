"""Constants and helpers of the curation tests; fixtures are in curation_fixtures.py."""

from __future__ import annotations

from narratives.models import Actor, ActorAlias, Claim

HTMX = {"HTTP_HX_REQUEST": "true"}

TEXT = (
    "Harbour talks stall\n\n"
    "Mara Quill said the harbour would stay closed until spring. "
    "The port authority insisted that ferries were running.\r\n"
    "Tom Reyes, a dock worker, said nothing had moved for weeks. Nothing had moved for weeks."
)


def actor_state(*actors):
    return {
        a.pk: (
            sorted(ActorAlias.objects.filter(actor=a).values_list("pk", flat=True)),
            sorted(Claim.objects.filter(speaker=a).values_list("pk", flat=True)),
            sorted(Actor.objects.filter(organization=a).values_list("pk", flat=True)),
            sorted(Actor.objects.filter(merged_into=a).values_list("pk", flat=True)),
            Actor.objects.get(pk=a.pk).merged_into_id,
        )
        for a in actors
    }
