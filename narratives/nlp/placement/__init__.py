"""Placing claims on events and positions: definitions, grammar, topic similarity and learned models."""
