"""Fixtures for the region, status and agreement import tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import bundled_knowledge_dir
from bot.core.reminders import ReminderPolicy, load_policy
from bot.core.status import RegionIndex

KNOWLEDGE = bundled_knowledge_dir()


@pytest.fixture(scope="session")
def regions() -> RegionIndex:
    """The real region index from knowledge/."""
    return RegionIndex.load(KNOWLEDGE / "regions.csv")


@pytest.fixture(scope="session")
def policy() -> ReminderPolicy:
    """The real reminder policy from knowledge/."""
    return load_policy(KNOWLEDGE / "reminder-policy.yaml")


@pytest.fixture
def seed_csv() -> Path:
    """The seed agreements file."""
    return KNOWLEDGE / "agreements.csv"
