"""One localisation of country names: status cards and reminders name a country alike."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.countries import country_name
from bot.core.models import Agreement, AgreementKind, AgreementStage, Language
from bot.core.reminders import ReminderPolicy, reminder_reply
from bot.core.status._cards import agreement_card

OSAKA = Agreement(
    id=1,
    region_code="35",
    partner="Osaka Prefecture",
    country="Japan",
    kind=AgreementKind.SISTER_PROVINCE,
    stage=AgreementStage.MOU,
)


@pytest.mark.parametrize(("language", "country"), [("id", "Jepang"), ("en", "Japan")])
def test_a_reminder_and_a_status_card_name_the_country_alike(
    language: Language, country: str
) -> None:
    title = f"Provinsi Jawa Timur – Osaka Prefecture ({country})"
    card, _ = agreement_card(
        OSAKA,
        region_name="Provinsi Jawa Timur",
        policy=ReminderPolicy(),
        today=date(2026, 11, 30),
        language=language,
    )
    reminder = reminder_reply(
        delivery_id=1,
        agreement=OSAKA,
        region_name="Provinsi Jawa Timur",
        kind="report",
        due=date(2026, 12, 7),
        today=date(2026, 11, 30),
        language=language,
    )
    assert card.splitlines()[0] == title
    assert f"Osaka Prefecture ({country})" in reminder.text
    assert f"Osaka Prefecture ({country})" in reminder.template_params[1]


def test_an_unknown_country_keeps_the_registrys_name() -> None:
    assert country_name("Atlantis", "id") == "Atlantis"
    assert country_name("south korea", "id") == "Korea Selatan"
