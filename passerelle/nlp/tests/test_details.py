"""Personal details in a text: what is found, and what ordinary messages do not trip."""

import pytest

from passerelle.nlp.details import (
    APPLICATION,
    EMAIL,
    LINK,
    PHONE,
    POSTAL_CODE,
    SIN,
    UCI,
    details_found,
    details_suspected,
    digits_normalise,
    luhn_valid,
    regions_of_languages,
)

CA = ["CA"]
# A service whose members write Arabic and French: their home countries' numbers.
ARABIC_FRENCH = ["CA", *regions_of_languages(["ar", "fr"])]


def test_arabic_indic_and_persian_digits_are_read_as_digits():
    assert digits_normalise("٠٦١٢٣٤٥٦٧٨") == "0612345678"
    assert digits_normalise("۰۹۱۲ ۳۴۵ ۶۷۸۹") == "0912 345 6789"


def test_a_moroccan_number_in_arabic_digits_needs_the_members_regions():
    text = "call me on ٠٦١٢٣٤٥٦٧٨"
    # "0612345678": no Canadian number begins with 0, so Canada alone says nothing...
    assert details_found(text, CA) == []
    # ...while it is a mobile number in Morocco, Algeria and France.
    assert details_found(text, ["CA", "MA"]) == [PHONE]
    assert details_found(text, ["CA", "FR"]) == [PHONE]
    assert details_found(text, ["CA", "DZ"]) == [PHONE]
    assert details_found(text, ARABIC_FRENCH) == [PHONE]


def test_regions_of_languages():
    assert {"MA", "DZ", "SY"} <= set(regions_of_languages(["ar"]))
    assert regions_of_languages(["fa"]) == ["IR", "AF"]
    assert regions_of_languages(["xx"]) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my UCI is 1234-5678", UCI),
        ("UCI: 12-3456-7890", UCI),
        ("client ID 1234567890 on the letter", UCI),
        ("mon numéro de client est 12 3456 7890", UCI),
        ("IUC 12345678", UCI),
        ("رقم العميل 1234-5678", UCI),
        ("my application number is E000123456", APPLICATION),
        ("IRCC sent W301234567 yesterday", APPLICATION),
        ("ma demande F123456789 est en attente", APPLICATION),
        ("رقم الطلب E000123456", APPLICATION),
        ("my SIN is 046 454 286", SIN),
        ("NAS : 046-454-286", SIN),
        ("here: 130692544", SIN),
        ("I live at H2X 1Y4", POSTAL_CODE),
        ("postal code h2x1y4", POSTAL_CODE),
        ("code postal : k1a 0b1", POSTAL_CODE),
        ("write to rami.k@example.org", EMAIL),
        ("see www.example.ca/aide", LINK),
    ],
)
def test_each_kind_is_found(text, kind):
    assert kind in details_found(text, CA)


@pytest.mark.parametrize(
    "text",
    [
        "the rent is 1250 dollars, due on 2026-01-15",
        "bus 165 at 7:45 then 8:15",
        "born in 1987, arrived in 2023",
        "my number of children is 3",
        "E000123456",  # an application number needs a keyword near it
        "123 456 780",  # nine digits that fail the Luhn check are no SIN
        "the product code AB1234567890 is on the box",
        "h2x 1y4 is lower case without a keyword",
        "the class is in room B12 at 10",
        "call 911 in an emergency",
    ],
)
def test_ordinary_messages_carry_nothing(text):
    assert details_found(text, ARABIC_FRENCH) == []


def test_luhn():
    assert luhn_valid("046454286")
    assert not luhn_valid("046454287")


def test_a_sin_is_not_also_a_phone_and_a_uci_not_a_sin():
    assert details_found("SIN 046 454 286", ARABIC_FRENCH) == [SIN]
    assert details_found("UCI 12-3456-7890", ARABIC_FRENCH) == [UCI]


def test_several_kinds_in_their_order():
    found = details_found("UCI 1234-5678, e-mail a@b.ca, call +1 613 555 0142", CA)
    assert found == [PHONE, EMAIL, UCI]


def test_suspected_needs_no_regions_and_finds_digit_runs():
    assert details_suspected("call me on ٠٦١٢٣٤٥٦٧٨") == {PHONE}
    assert details_suspected("bonjour à tous") == set()
