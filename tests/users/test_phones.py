import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from parwona.users.phones import phone_normalize


@pytest.mark.parametrize(
    "raw",
    ["+992 93 123 45 67", "992931234567", "00992931234567", "93 123 45 67", "(93) 123-45-67", "93.123.45.67"],
)
def test_phone_normalize_accepts_tajik_forms(raw):
    assert phone_normalize(raw) == "+992931234567"


def test_phone_normalize_keeps_national_numbers_that_start_with_zeros():
    assert phone_normalize("00 123 45 67") == "+992001234567"


@pytest.mark.parametrize("raw", ["", "12345", "+7 912 345 67 89", "+992 93 123 45 6", "93123456a"])
def test_phone_normalize_refuses_other_numbers(raw):
    with pytest.raises(ValidationError) as info:
        phone_normalize(raw)
    assert info.value.code == "invalid_phone"


@given(
    national=st.from_regex(r"\A[0-9]{9}\Z"),
    style=st.sampled_from(["+992 ", "992", "00992", ""]),
    sep=st.sampled_from(["", " ", "-"]),
)
def test_phone_normalize_roundtrips_any_national_number(national, style, sep):
    raw = style + sep.join([national[:2], national[2:5], national[5:7], national[7:]])
    normalised = phone_normalize(raw)
    assert normalised == "+992" + national
    assert phone_normalize(normalised) == normalised
