"""Shared shape of the transition-matrix tests: every transition is tried from every state."""

import pytest


def every_transition_from_every_state(expected_sources: dict[str, set[str]], states):
    """pytest params (transition, from_state, allowed) for the whole table."""
    return [
        pytest.param(name, state, state in sources, id=f"{name}-from-{state}")
        for name, sources in expected_sources.items()
        for state in states.values
    ]


def expected_pairs(expected_sources: dict[str, set[str]], targets: dict[str, str]):
    return {
        (source, targets[name]) for name, sources in expected_sources.items() for source in sources
    }
