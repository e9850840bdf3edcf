"""Nothing broken is published (issue 13, point 5): the photos.

A photo that is missing or is not an image stops the build with
``path:line: error: …``, exit 1 and the last output untouched; ``check``
says the same. A draft may keep placeholder photos: a warning, and the photo
is left out of its page. What content/articles/ holds (unreadable folders,
names not in UTF-8, named pipes) is tested in tests/adversarial/test_content_folder.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dvarchive.check import check_site
from dvarchive.cli import main

from .conftest import JPEG, SiteMaker, article, build, soup, tree_snapshot

A_MD = "content/articles/2024/01/a.md"
A_URL = "/2024/01/a/"
GOOD: dict[str, str | bytes] = {
    "content/photos/pho-co.jpg": JPEG,
    A_MD: article(
        "Hội An đón khách", "2024-01-08T09:00:00+07:00",
        photos=[{"src": "photos/pho-co.jpg", "caption": "Phố cổ.", "credit": "Minh An/TTXVN"}],
    ),
    "content/people.yaml": "- name: Trần Văn Ân\n  description: Chủ tịch.\n",
}
NOT_AN_IMAGE = "Đây là một ghi chú, không phải ảnh.\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def built(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> Path:
    """The good site, built once by the CLI."""
    site = make_site(GOOD)
    assert run(capsys, "build", str(site))[0] == 0
    return site


def fails(site: Path, capsys: pytest.CaptureFixture[str], *expected: str) -> str:
    """The build exits 1 printing each ``expected`` line start, and the last output is as it was."""
    before = tree_snapshot(site / "public")
    code, _, err = run(capsys, "build", str(site))
    assert code == 1, err
    for start in expected:
        assert any(line.startswith(start) for line in err.splitlines()), f"{start!r} not in:\n{err}"
    assert tree_snapshot(site / "public") == before
    return err


def checked(site: Path) -> list[str]:
    return [str(d) for d in check_site(site)]


# ---- photos ------------------------------------------------------------------------


def test_missing_photos_stop_the_build_at_their_lines(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / A_MD).write_text(
        article("Hội An đón khách", "2024-01-08T09:00:00+07:00", "Phố cổ.\n\n![](photos/le-hoi.jpg)\n",
                photos=[{"src": "photos/pho-co-dem.jpg", "credit": "TTXVN"}]),
        "utf-8",
    )
    # Line 5 is the header's "- src:", line 11 the body's image.
    fails(built, capsys, f'{A_MD}:5: error: không thấy tệp ảnh "photos/pho-co-dem.jpg"',
          f'{A_MD}:11: error: không thấy tệp ảnh "photos/le-hoi.jpg"')
    assert run(capsys, "check", str(built))[0] == 1


def test_a_deleted_photo_fails_every_build_until_it_is_back(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo = built / "content/photos/pho-co.jpg"
    photo.unlink()
    for _ in range(2):
        fails(built, capsys, f"{A_MD}:5: error: không thấy tệp ảnh")
    photo.write_bytes(JPEG)
    assert run(capsys, "build", str(built))[0] == 0


def test_a_file_that_is_not_an_image_stops_the_build(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / "content/photos/ghi-chu.jpg").write_text(NOT_AN_IMAGE, "utf-8")
    (built / A_MD).write_text(
        article("Hội An đón khách", "2024-01-08T09:00:00+07:00", "Phố cổ.\n\n![](photos/ghi-chu.jpg)\n",
                photos=["photos/pho-co.jpg", "photos/ghi-chu.jpg"]),
        "utf-8",
    )
    start = f'{A_MD}:6: error: tệp "content/photos/ghi-chu.jpg" không phải là ảnh đọc được'
    err = fails(built, capsys, start, f'{A_MD}:11: error: tệp "content/photos/ghi-chu.jpg"')
    assert "JPEG, PNG, WebP, GIF hoặc AVIF" in err
    assert any(line.startswith(start) for line in checked(built))


def test_a_photo_replaced_by_a_text_file_is_seen_by_the_next_build(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / "content/photos/pho-co.jpg").write_text(NOT_AN_IMAGE, "utf-8")
    for _ in range(2):
        fails(built, capsys, f'{A_MD}:5: error: tệp "content/photos/pho-co.jpg" không phải là ảnh đọc được')


def test_a_draft_keeps_placeholder_photos_out_of_its_page(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    draft = article(
        "Bản nháp phố cổ", "2024-01-09", "Đoạn đầu.\n\n![](photos/chua-chup.jpg)\n\nẢnh ![nhỏ](photos/ghi-chu.jpg) trong dòng.\n",
        photos=["photos/se-co.jpg", "photos/ghi-chu.jpg"], draft=True,
    )
    site = make_site({**GOOD, "content/photos/ghi-chu.jpg": NOT_AN_IMAGE, "content/articles/2024/01/nhap.md": draft})
    code, _, err = run(capsys, "build", str(site), "--drafts")
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("content/articles/2024/01/nhap.md:")]
    assert sorted(int(w.split(": ")[0].rsplit(":", 1)[1]) for w in warnings) == [5, 6, 12, 14]
    assert all(": warning: " in w and "bản nháp" in w for w in warnings)
    page = soup(site / "public", "/2024/01/nhap/")
    body = page.find("article")
    assert body.find_all("img") == [] and body.find_all("figure") == []
    assert "Đoạn đầu." in body.get_text() and "trong dòng." in body.get_text()
    assert not (site / "public/photos/ghi-chu.jpg").exists()
    # Without --drafts the draft is not read: no warning at all.
    code, _, err = run(capsys, "build", str(site))
    assert code == 0 and "nhap.md" not in err


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, 'content/people.yaml:3: error: không thấy tệp ảnh "photos/people/an.jpg"'),
        ({"content/photos/people/an.jpg": NOT_AN_IMAGE}, 'content/people.yaml:3: error: tệp "content/photos/people/an.jpg" không phải là ảnh đọc được'),
    ],
    ids=["missing", "not an image"],
)
def test_registry_photos_missing_or_not_images(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str], files: dict[str, str], expected: str
) -> None:
    """Of a person no article names, too: the registry's photos are all published."""
    people = "- name: Trần Văn Ân\n  description: Chủ tịch.\n  photo: photos/people/an.jpg\n"
    site = make_site({**GOOD, "content/people.yaml": people, **files})
    code, _, err = run(capsys, "build", str(site))
    assert code == 1 and expected in err
    assert not (site / "public").exists()
    assert any(line.startswith(expected) for line in checked(site))


def test_remote_photos_are_not_looked_for(make_site: SiteMaker) -> None:
    remote = "https://anh.example.vn/hoi-an.jpg"
    site = make_site({A_MD: article("Hội An đón khách", "2024-01-08", f"Phố cổ.\n\n![]({remote})\n", photos=[remote])})
    page = soup(build(site), A_URL)
    assert remote in {img["src"] for img in page.find_all("img")}
