"""The platform payload fixtures (channels/types/*/fixtures) are valid, parse
with the real client library where there is one, and are all documented in
their SOURCES.md."""

import json
from pathlib import Path

import pytest
import telegram

TYPES = Path(__file__).resolve().parents[3] / "channels" / "types"
FIXTURES = {
    "telegram": 12,
    "whatsapp": 10,
    "sms_twilio": 8,
    "messenger": 5,
}


@pytest.mark.parametrize("platform", sorted(FIXTURES))
def test_fixtures_are_documented_and_well_formed(platform):
    folder = TYPES / platform / "fixtures"
    files = sorted(folder.glob("*.json"))
    assert len(files) == FIXTURES[platform]
    sources = (folder / "SOURCES.md").read_text()
    for path in files:
        assert path.name in sources, f"{path.name} missing from SOURCES.md"
        data = json.loads(path.read_text(encoding="utf-8"))
        if platform == "telegram":
            update = telegram.Update.de_json(data, None)
            assert update.update_id == data["update_id"]
            assert (
                update.message
                or update.edited_message
                or update.chat_join_request
                or (update.my_chat_member)
            )
        elif platform == "whatsapp":
            value = data["entry"][0]["changes"][0]["value"]
            assert data["object"] == "whatsapp_business_account"
            assert value["metadata"]["phone_number_id"] and ("messages" in value) != (
                "statuses" in value
            )
        elif platform == "sms_twilio":
            assert all(isinstance(v, str) for v in data.values())
            assert data["AccountSid"].startswith("AC") and data["MessageSid"].startswith("SM")
        else:
            assert data["object"] == "page" and data["entry"][0]["messaging"]
