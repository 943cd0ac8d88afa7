from __future__ import annotations

from tactful.channels import GSM_BASIC, encoding, segments, sms_length, ucs2_characters


def test_basic_table_size() -> None:
    # 128 code points, one of which (0x1B) is the escape to the extension table
    assert len(GSM_BASIC) == 127
    assert "\x1b" not in GSM_BASIC


def test_gsm_lengths_and_segments() -> None:
    assert encoding("Hello é à ü") == "GSM-7"
    assert segments("a" * 160) == 1
    assert segments("a" * 161) == 2
    assert segments("a" * 306) == 2 and segments("a" * 307) == 3


def test_extension_chars_count_two() -> None:
    assert sms_length("€[]") == 6
    assert segments("€" * 80) == 1 and segments("€" * 81) == 2


def test_ucs2() -> None:
    text = "Montant dû : « 10 € » ç"
    assert encoding(text) == "UCS-2"
    assert ucs2_characters(text) == ["û", "«", "\u00a0", "»"] or set(ucs2_characters(text)) >= {
        "û", "«", "»"}
    assert segments("ê" * 70) == 1 and segments("ê" * 71) == 2
    assert segments("ê" * 134) == 2 and segments("ê" * 135) == 3
    assert sms_length("😀") == 2
