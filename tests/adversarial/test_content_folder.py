"""Nothing broken is published (issue 13, point 5): photos that are missing or
not images, and what content/articles/ holds when it is not an article.

A photo that is missing or is not an image stops the build at the line that
names it (a draft may keep placeholder photos: a warning, and the photo is
left out of its page).

A folder of articles that cannot be read, a file name that is not UTF-8, a
named pipe or a link to a folder named like an article each stop the build
with ``path: error: …``, exit 1 and the last output untouched; ``check``
says the same, and the build after the fix succeeds. ``.MD`` is an article.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dvarchive.cli import main
from dvarchive.core.errors import Level
from dvarchive.editors.check import check_site
from dvarchive.incremental.inventory import UNREADABLE, file_stamps

from ..conftest import JPEG, SiteMaker, article, build, page_file, soup, tree_snapshot

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
    """The good site, built once by the CLI (this module's own: a folder, not the suite's BuiltSite)."""
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


@contextmanager
def refused(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Iterator[None]:
    """``folder`` cannot be read, as a folder without permission (chmod 000) is for
    anyone but root; root reads every folder, and CI runs as root."""
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(os, "scandir", scandir)
        yield


def test_an_unreadable_folder_fails_every_build_until_fixed(
    built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = built / "content/articles/2024/01"
    expected = "content/articles/2024/01: error: không đọc được thư mục (Permission denied)"
    with refused(monkeypatch, folder):
        for _ in range(2):  # the second build must not take "the same as last time" for "nothing changed"
            fails(built, capsys, expected)
        code, out, _ = run(capsys, "check", str(built))
        assert code == 1 and expected in out
    assert run(capsys, "build", str(built))[0] == 0
    assert page_file(built / "public", A_URL).is_file()


def test_a_new_empty_folder_that_cannot_be_read_is_not_nothing(
    built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its files are not in the inventory either way: the inventory must still differ."""
    folder = built / "content/articles/2024/02"
    folder.mkdir()
    with refused(monkeypatch, folder):
        fails(built, capsys, "content/articles/2024/02: error: không đọc được thư mục")


def test_the_walk_lists_an_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/x.md").write_text("x", "utf-8")
    with refused(monkeypatch, tmp_path / "a/b"):
        stamps = file_stamps(tmp_path, tmp_path / "a")
    assert set(stamps) == {"a/x.md", "a/b/"} and stamps["a/b/"].startswith(UNREADABLE)
    assert file_stamps(tmp_path, tmp_path / "khong-co") == {}  # an optional folder the site lacks


def test_a_file_name_that_is_not_utf8(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = os.fsencode(built / "content/articles/2024/01")
    # "bài.md" and a folder "tháng" saved in Windows-1258 by an old machine.
    Path(os.fsdecode(folder + b"/b\xe0i.md")).write_text(article("Bài", "2024-01-09"), "utf-8")
    (Path(os.fsdecode(folder + b"/th\xe1ng"))).mkdir()
    for name in ("x.md", "y.md"):
        Path(os.fsdecode(folder + b"/th\xe1ng/" + name.encode())).write_text(article(name, "2024-01-10"), "utf-8")
    err = fails(built, capsys, "content/articles/2024/01/b\\xe0i.md: error: tên này không viết bằng UTF-8",
                "content/articles/2024/01/th\\xe1ng: error: tên này không viết bằng UTF-8")
    assert err.count("th\\xe1ng") == 1  # the folder once, not each of its files
    assert any(line.startswith("content/articles/2024/01/b\\xe0i.md: error:") for line in checked(built))


@contextmanager
def unblocked(fifo: Path) -> Iterator[None]:
    """Should a reader ever open the pipe, it is freed after a while: the test then
    fails on what it reads instead of hanging the suite."""
    def free() -> None:
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass  # nobody was reading: as it should be

    timer = threading.Timer(60, free)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


@pytest.mark.parametrize("name", ["ong.md", "a.md"], ids=["new pipe", "pipe replacing an article"])
def test_a_named_pipe_named_as_an_article(built: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """"a.md" replaced by a pipe is what a build of an edited body would read."""
    fifo = built / "content/articles/2024/01" / name
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    with unblocked(fifo):
        fails(built, capsys, f"content/articles/2024/01/{name}: error: đây là một ống có tên (named pipe)")
        assert any(line.startswith(f"content/articles/2024/01/{name}: error:") for line in checked(built))


def test_a_link_to_a_folder_named_as_an_article(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / "content/articles/2024/01/thu-muc.md").symlink_to(built / "content/photos", target_is_directory=True)
    fails(built, capsys, "content/articles/2024/01/thu-muc.md: error: đây là một thư mục")


def test_an_upper_case_extension_is_an_article(make_site: SiteMaker) -> None:
    site = make_site({**GOOD, "content/articles/2024/01/HOA-DANG.MD": article("Hoa đăng trên sông Hoài", "2024-01-09")})
    assert page_file(build(site), "/2024/01/hoa-dang/").is_file()
    assert not [d for d in check_site(site) if d.level is Level.ERROR]


# ---- photos ------------------------------------------------------------------------


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
