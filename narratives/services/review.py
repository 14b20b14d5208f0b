"""The review queue's decisions: an analyst keeps or changes a machine placement, in one request.

Each decision reviews the claim (so re-extraction and re-scoring never move it again), records what the
machine had said against what the analyst chose (the queue's agreement rate), and, once committed, queues
the re-learning of the event's classifier from its labelled claims.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Claim, Decision, Position
from . import queue
from .claims import correct_claim, review_claim

CONFIRM = "confirm"  # keep the machine's event and position
NO_POSITION = "none"  # about this event, but no position
OFF_EVENT = "off-event"  # not about this event


@transaction.atomic
def decide(*, claim: Claim, user: AbstractBaseUser, choice: str) -> Decision:
    """Apply ``choice`` (CONFIRM, NO_POSITION, OFF_EVENT or a position slug of the claim's event)."""
    claim = Claim.objects.select_for_update(of=("self",)).select_related("event", "position").get(pk=claim.pk)
    event = claim.event
    if event is None:
        raise ValidationError("This claim is no longer on an event; open it to correct it.")
    machine_position = claim.position
    if choice == CONFIRM:
        chosen_event, chosen_position = event, machine_position
    elif choice == NO_POSITION:
        chosen_event, chosen_position = event, None
    elif choice == OFF_EVENT:
        chosen_event, chosen_position = None, None
    else:
        chosen_position = Position.objects.filter(event=event, slug=choice).first()
        if chosen_position is None:
            raise ValidationError(f"{event.title} has no position {choice!r}.")
        chosen_event = event
    if chosen_event != event or chosen_position != machine_position:
        correct_claim(claim=claim, user=user, event=chosen_event, position=chosen_position)
    review_claim(claim=claim, user=user)
    Claim.objects.filter(pk=claim.pk).update(needs_review=False)
    decision = Decision.objects.create(
        claim=claim,
        event=event,
        user=user,
        machine_position=machine_position,
        chosen_event=chosen_event,
        chosen_position=chosen_position,
        agreed=chosen_event == event and chosen_position == machine_position,
    )
    event_id = event.pk
    transaction.on_commit(lambda: queue.enqueue_relearn(event_id))
    return decision
