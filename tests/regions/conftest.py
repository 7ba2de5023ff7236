"""Fixtures for the region, status and agreement import tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.regions import RegionIndex
from bot.core.reminders import ReminderPolicy, load_policy

KNOWLEDGE = DEFAULT_KNOWLEDGE_DIR


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
