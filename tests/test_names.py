"""names.py: matching keys, slugs, Vietnamese A–Z order."""

from __future__ import annotations

import random
import unicodedata

import pytest

from dvarchive.core.names import (
    NearNames,
    clean_name,
    given_name_first,
    initial_letter,
    letter_anchor,
    loose_key,
    make_slug,
    match_key,
    sort_key,
    strip_tones,
    telex_slug,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hoà", "Hòa"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("Thuỵ", "Thụy"),
        ("trương thị mai", "Trương Thị Mai"),
        ("TRƯƠNG THỊ MAI", "Trương Thị Mai"),
        (nfd("Nguyễn Thị Hòa"), "Nguyễn Thị Hoà"),
        ("  Lê   Văn  Hùng ", "Lê Văn Hùng"),
    ],
)
def test_match_key_equal_spellings(one: str, other: str) -> None:
    assert match_key(one) == match_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Nguyễn Văn Hùng", "Nguyễn Văn Hưng"),  # ư is another letter, not a tone
        ("Hòa", "Hóa"),  # another tone
        ("Hòa", "Hoa"),
        ("Đức", "Dức"),
        ("Ân", "An"),
        ("Lê Văn An", "Lê Văn Ăn"),
    ],
)
def test_match_key_different_names(one: str, other: str) -> None:
    assert match_key(one) != match_key(other)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Trương Thị Mai", "truong-thi-mai"),
        ("Đảng", "dang"),
        ("Nguyễn Văn Hùng", "nguyen-van-hung"),
        ("Nguyễn Văn Hưng", "nguyen-van-hung"),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "uy-ban-nhan-dan-tinh-lam-dong"),
        ("Bóng đá nữ: Sông Hàn lên hạng Nhất!", "bong-da-nu-song-han-len-hang-nhat"),
        (nfd("Hòa Bình"), "hoa-binh"),
        ("Hơn 2.000 đoàn viên", "hon-2-000-doan-vien"),
    ],
)
def test_make_slug(name: str, slug: str) -> None:
    assert make_slug(name) == slug


def test_make_slug_is_ascii_lower_hyphenated() -> None:
    slug = make_slug("Triển lãm ảnh “Miền Trung sau lũ” của phóng viên TTXVN – Ấn tượng")
    assert slug == "trien-lam-anh-mien-trung-sau-lu-cua-phong-vien-ttxvn-an-tuong"


def test_make_slug_without_letters_is_empty() -> None:
    assert make_slug("!!! …") == ""


ALPHABET_ORDER = "Anh, Ăn, Ân, Ấn, Bình, Dũng, Đức, Em, Ê, Hoa, Hoà, Hòa, O, Ò, Ông, Ở, Ơn".split(", ")


def test_sort_key_vietnamese_dictionary_order() -> None:
    shuffled = ALPHABET_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == ALPHABET_ORDER


def test_sort_key_ignores_normal_form() -> None:
    assert sort_key(nfd("Đặng Thị Ánh")) == sort_key("Đặng Thị Ánh")


def test_sort_key_letters_of_the_alphabet() -> None:
    letters = list("AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY")
    assert sorted(reversed(letters), key=sort_key) == letters


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Ánh", "A"),
        ("Ăn", "Ă"),
        ("Ấn", "Â"),
        ("Đặng Thị Ánh", "Đ"),
        ("ưng Hoàng Văn", "Ư"),
        ("Ở", "Ơ"),
        ("Ông", "Ô"),
        ("Ê", "Ê"),
        ("  hoà", "H"),
        ("19/5", "#"),
        ("", "#"),
    ],
)
def test_initial_letter(name: str, letter: str) -> None:
    assert initial_letter(name) == letter


@pytest.mark.parametrize(
    ("letter", "anchor"),
    [("A", "chu-a"), ("Ă", "chu-aw"), ("Â", "chu-aa"), ("Đ", "chu-dd"), ("Ê", "chu-ee"),
     ("Ô", "chu-oo"), ("Ơ", "chu-ow"), ("Ư", "chu-uw"), ("#", "chu-so")],
)
def test_letter_anchor(letter: str, anchor: str) -> None:
    assert letter_anchor(letter) == anchor


def test_letter_anchors_are_distinct_ascii_ids() -> None:
    letters = list("AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY") + ["#"]
    anchors = [letter_anchor(letter) for letter in letters]
    assert len(set(anchors)) == len(anchors)
    assert all(a.isascii() and " " not in a for a in anchors)


@pytest.mark.parametrize(
    ("name", "directory_form"),
    [
        ("Trương Thị Mai", "Mai Trương Thị"),
        ("Lê Văn An", "An Lê Văn"),
        ("Mai", "Mai"),
        ("", ""),
    ],
)
def test_given_name_first(name: str, directory_form: str) -> None:
    assert given_name_first(name) == directory_form


def test_people_by_given_name() -> None:
    people = ["Trần Thị Ánh", "Lê Văn An", "Nguyễn Văn Bình", "Phạm Thị Ân", "Đỗ Văn Đức"]
    ordered = sorted(people, key=lambda n: sort_key(given_name_first(n)))
    assert ordered == ["Lê Văn An", "Trần Thị Ánh", "Phạm Thị Ân", "Nguyễn Văn Bình", "Đỗ Văn Đức"]


def test_strip_tones_keeps_letters() -> None:
    assert strip_tones("Đặng Thị Ánh Hưởng") == "Đăng Thi Anh Hương"


def test_clean_name_is_nfc_with_single_spaces() -> None:
    assert clean_name(nfd("  Nguyễn\tThị  Hòa ")) == "Nguyễn Thị Hòa"
    assert unicodedata.is_normalized("NFC", clean_name(nfd("Nguyễn Thị Hòa")))


# ---- near misses of known names ------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["Truong Thi Mai", "TRUONG THI MAI", "TrươngThị Mai", "Trương Thị Mại", "Truơng Thi Mai", nfd("Trướng Thị Mai")]
)
def test_loose_key_forgets_marks_spaces_and_case(written: str) -> None:
    assert loose_key(written) == loose_key("Trương Thị Mai") == "truongthimai"


def test_loose_key_folds_d_with_stroke() -> None:
    assert loose_key("Đặng Văn Đức") == "dangvanduc"


def test_near_names_finds_a_name_mistyped_but_not_the_name_itself() -> None:
    known = NearNames([("Trương Thị Mai", "mai"), ("Nguyễn Văn Hùng", "hung"), ("Nguyễn Văn Hưng", "hung2"), ("TTXVN", "ttx")])
    assert known.near("Truong Thi Mai") == [("Trương Thị Mai", "mai")]
    assert known.near("Nguyen Van Hung") == [("Nguyễn Văn Hùng", "hung"), ("Nguyễn Văn Hưng", "hung2")]
    assert known.near("T TXVN") == [("TTXVN", "ttx")]
    # What match_key matches is the name, not a near miss of it.
    for same in ("trương thị mai", nfd("Trương Thị Mai"), "Nguyễn Văn Hưng", "ttxvn"):
        assert known.near(same) == []
    assert known.near("Trương Thị Mây") == []  # another letter: another name


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Nguyễn Thúy Hà", "nguyeenx-thuys-haf"),
        ("Nguyễn Thùy Hà", "nguyeenx-thuyf-haf"),
        ("Nguyễn Thuỳ Hà", "nguyeenx-thuyf-haf"),  # the tone mark's place does not count
        ("Phan Xuân Hưng", "phan-xuaan-huwng"),
        ("Phan Xuân Hùng", "phan-xuaan-hungf"),
        ("Đặng Thị Ánh", "ddawngj-thij-anhs"),
        ("H'Ăng Niê", "h-awng-niee"),
        ("Hoa", "hoa"),  # no marks: the plain slug
    ],
)
def test_telex_slug_keeps_every_mark(name: str, slug: str) -> None:
    assert telex_slug(name) == slug
