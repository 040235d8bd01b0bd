"""Addresses shown masked: the end of the number, never the number."""

from passerelle.common.text import masked


def test_only_the_last_four_letters_or_digits_stay():
    assert masked("+16135550142") == "•••• 0142"
    assert masked("6120000999") == "•••• 0999"
    assert masked("visitor-3f9a2c71") == "•••• 2c71"


def test_short_or_empty_values_are_hidden_whole():
    assert masked("12345") == "••••"
    assert masked("") == "••••"
