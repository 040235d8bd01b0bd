"""Every layout of WhatsApp's "Export chat" text reads to the same neutral records."""

from zoneinfo import ZoneInfo

import pytest

from passerelle.history import whatsapp
from passerelle.history.records import Kind
from passerelle.history.tests.samples import LRM, NNBSP, RLM, TORONTO, text


def _read(body, **kw):
    return whatsapp.read(body, tz=TORONTO, **kw)


def _said(export):
    return [
        (r.at.strftime("%Y-%m-%d %H:%M:%S"), r.sender.name, r.text)
        for r in export.records
        if r.kind == Kind.MESSAGE
    ]


LAYOUTS = {
    "android 12 h, m/d/yy": (
        text("12/31/17, 9:05 PM - Amira: Hello", "1/3/18, 10:15 AM - Bilal: Bonjour"),
        "mdy",
    ),
    "android 24 h, d/m/yyyy": (
        text("31/12/2017, 21:05 - Amira: Hello", "03/01/2018, 10:15 - Bilal: Bonjour"),
        "dmy",
    ),
    "iphone, brackets and seconds, marks before the bracket": (
        text(
            "[31/12/2017, 21:05:00] Amira: Hello",
            f"{LRM}[3/1/2018, 10:15:00] Bilal: Bonjour",
        ),
        "dmy",
    ),
    "iphone 12 h with a narrow no-break space before PM": (
        text(
            f"[12/31/17, 9:05:00{NNBSP}PM] Amira: Hello",
            f"[1/3/18, 10:15:00{NNBSP}AM] Bilal: Bonjour",
        ),
        "mdy",
    ),
    "arabic iphone: right-to-left marks, arabic comma, arabic-indic digits": (
        text(
            f"[{RLM}٣١{RLM}/١٢{RLM}/٢٠١٧، ٢١:٠٥:٠٠] Amira: Hello",
            f"[{RLM}3{RLM}/1{RLM}/2018، 10:15:00] Bilal: Bonjour",
        ),
        "dmy",
    ),
    "french android: 'à' between date and time": (
        text("31/12/2017 à 21:05 - Amira: Hello", "03/01/2018 à 10:15 - Bilal: Bonjour"),
        "dmy",
    ),
    "spanish: a. m. / p. m.": (
        text("31/12/2017, 9:05 p. m. - Amira: Hello", "3/1/2018, 10:15 a. m. - Bilal: Bonjour"),
        "dmy",
    ),
    "buddhist era years": (
        text("[31/12/2560 BE, 21:05:00] Amira: Hello", "[3/1/2561 BE, 10:15:00] Bilal: Bonjour"),
        "dmy",
    ),
    "dotted dates, no comma (czech)": (
        text("31.12.17 21:05 - Amira: Hello", "03.01.18 10:15 - Bilal: Bonjour"),
        "dmy",
    ),
    "year first": (
        text("2017-12-31, 9:05 PM - Amira: Hello", "2018-01-03, 10:15 AM - Bilal: Bonjour"),
        "ymd",
    ),
}


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_reads_to_the_same_records(name):
    body, order = LAYOUTS[name]
    export = _read(body)
    assert export.date_order == order and not export.problems
    assert _said(export) == [
        ("2017-12-31 21:05:00", "Amira", "Hello"),
        ("2018-01-03 10:15:00", "Bilal", "Bonjour"),
    ]
    # Aware times in the chat's zone: 21:05 in Toronto in winter is 02:05 UTC.
    assert export.records[0].at.utcoffset().total_seconds() == -5 * 3600


def test_windows_line_ends_and_a_byte_order_mark_change_nothing():
    body = "\ufeff" + text("31/12/2017, 21:05 - Amira: Hello", newline="\r\n")
    assert _said(_read(body)) == [("2017-12-31 21:05:00", "Amira", "Hello")]


def test_midnight_and_noon_on_a_12_hour_clock():
    body = text(
        "1/20/2019, 12:10 a. m. - A: midnight",
        "1/20/2019, 00:08 a. m. - A: also midnight",
        "1/20/2019, 12:10 p. m. - A: noon",
    )
    assert [t for t, _n, _x in _said(_read(body))] == [
        "2019-01-20 00:10:00",
        "2019-01-20 00:08:00",
        "2019-01-20 12:10:00",
    ]


def test_a_file_whose_dates_fit_both_orders_asks_for_the_order():
    body = text("01/02/2018, 10:00 - Amira: a", "03/04/2018, 10:00 - Amira: b")
    with pytest.raises(whatsapp.DateOrderUnknown, match="--date-order"):
        _read(body)
    assert _said(_read(body, date_order="dmy"))[0][0] == "2018-02-01 10:00:00"
    assert _said(_read(body, date_order="mdy"))[0][0] == "2018-01-02 10:00:00"


def test_one_day_above_12_anywhere_decides_the_whole_file():
    body = text("01/02/2018, 10:00 - A: a", "03/04/2018, 10:00 - A: b", "13/04/2018, 9:00 - A: c")
    export = _read(body)
    assert export.date_order == "dmy" and _said(export)[1][0] == "2018-04-03 10:00:00"


def test_a_message_on_several_lines_keeps_its_lines():
    body = text(
        "31/12/2017, 21:05 - Amira: First line",
        "second line",
        "",
        "after an empty line",
        "31/12/2017, 21:06 - Bilal: next",
    )
    records = _read(body).records
    assert records[0].text == "First line\nsecond line\n\nafter an empty line"
    assert (records[0].line, records[1].line) == (1, 5)


def test_arabic_and_french_words_come_through_whole():
    body = text(
        f"[{RLM}31{RLM}/12{RLM}/2017، 21:05:00] أمينة: {RLM}كيف أسجل أولادي في المدرسة؟",
        "[31/12/2017, 21:06:00] Chloé: Où est l'école ? Merci !",
    )
    assert [(n, t) for _a, n, t in _said(_read(body))] == [
        ("أمينة", "كيف أسجل أولادي في المدرسة؟"),
        ("Chloé", "Où est l'école ? Merci !"),
    ]


def test_the_same_line_twice_gets_two_ids_and_a_second_read_the_same_ids():
    body = text("31/12/2017, 21:05 - Amira: ok", "31/12/2017, 21:05 - Amira: ok")
    first, second = _read(body).records, _read(body).records
    assert first[0].source_id != first[1].source_id
    assert [r.source_id for r in first] == [r.source_id for r in second]
    # The id does not depend on the time zone the times are read in.
    other = whatsapp.read(body, tz=ZoneInfo("Asia/Amman")).records
    assert [r.source_id for r in other] == [r.source_id for r in first]


def test_lines_that_cannot_be_read_are_reported_with_their_numbers():
    body = text(
        "Some words before any dated line",
        "31/12/2017, 21:05 - Amira: fine",
        "31/02/2018, 10:00 - Amira: no 31 February",
        "15/03/2018, 25:10 - Amira: no hour 25",
        "16/03/2018, 10:00 - Bilal: fine again",
    )
    export = _read(body)
    assert [str(p) for p in export.problems][0] == "line 1: text before the first dated line"
    assert [p.line for p in export.problems] == [1, 3, 4]
    assert [n for _t, n, _x in _said(export)] == ["Amira", "Bilal"]


def test_a_file_with_no_dated_line_is_not_a_whatsapp_export():
    with pytest.raises(whatsapp.ExportError, match="no dated WhatsApp line"):
        _read("hello\nworld\n")
