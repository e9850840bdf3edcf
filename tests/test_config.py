"""config.py: dvarchive.yaml read and validated, every problem with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dvarchive.core.config import SiteConfig, UrlWords, load_config
from dvarchive.core.errors import ConfigError


def config_errors(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "dvarchive.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    return [str(d) for d in caught.value.diagnostics]


def test_minimal_config_defaults(tmp_path: Path) -> None:
    (tmp_path / "dvarchive.yaml").write_text("title: Lưu trữ\nbase_url: https://tin.example.vn\n", "utf-8")
    config = load_config(tmp_path)
    assert config == SiteConfig(title="Lưu trữ", base_url="https://tin.example.vn/")
    assert config.language == "vi"
    assert config.timezone == "Asia/Ho_Chi_Minh"
    assert config.output == "public"
    assert config.per_page == 20
    assert config.feed_items == 50
    assert config.allow_html is False
    assert config.people_sort == "given"
    assert config.urls == UrlWords()
    assert config.urls.people == "nhan-vat" and config.urls.organisations == "to-chuc"
    assert config.root == ""


def test_every_key(tmp_path: Path) -> None:
    (tmp_path / "dvarchive.yaml").write_bytes(
        "\ufefftitle: Kho tin Huế\r\n"
        "base_url: https://example.vn/luu-tru/\r\n"
        "description: Tin tức Thừa Thiên Huế\r\n"
        "language: vi\r\n"
        "timezone: Asia/Bangkok\r\n"
        "output: _site\r\n"
        "per_page: 5\r\n"
        "feed_items: 10\r\n"
        "allow_html: true\r\n"
        "people_sort: family\r\n"
        "urls:\r\n  people: nguoi\r\n  tags: the\r\n".encode()
    )
    config = load_config(tmp_path)
    assert config.title == "Kho tin Huế"
    assert config.base_url == "https://example.vn/luu-tru/"
    assert config.root == "/luu-tru"
    assert config.description == "Tin tức Thừa Thiên Huế"
    assert config.timezone == "Asia/Bangkok"
    assert config.output == "_site"
    assert (config.per_page, config.feed_items) == (5, 10)
    assert config.allow_html is True
    assert config.people_sort == "family"
    assert config.urls.people == "nguoi" and config.urls.tags == "the"
    assert config.urls.organisations == "to-chuc"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.path == "dvarchive.yaml"


def test_missing_base_url(tmp_path: Path) -> None:
    errors = config_errors(tmp_path, "title: Lưu trữ\ndescription: Kho tin\n")
    assert errors == ['dvarchive.yaml:1: error: thiếu "base_url" (bắt buộc)']


def test_relative_base_url(tmp_path: Path) -> None:
    [error] = config_errors(tmp_path, "title: Lưu trữ\nbase_url: tin.example.vn\n")
    assert error.startswith("dvarchive.yaml:2: error:")
    assert "base_url" in error


def test_every_problem_reported_at_its_line(tmp_path: Path) -> None:
    errors = config_errors(
        tmp_path,
        "title: Lưu trữ\n"
        "base_url: https://tin.example.vn/\n"
        "timezone: Asia/Hanoi_City\n"
        "per_page: không\n"
        "output: ../ngoai\n"
        "people_sort: surname\n"
        "titel: x\n"
        "urls:\n"
        "  people: người\n",
    )
    lines = sorted(int(e.split(":")[1]) for e in errors)
    assert lines == [3, 4, 5, 6, 7, 9]
    assert any('"title"' in e for e in errors if e.startswith("dvarchive.yaml:7:"))


def test_yaml_syntax_error(tmp_path: Path) -> None:
    [error] = config_errors(tmp_path, 'title: "Lưu trữ\nbase_url: https://tin.example.vn/\n')
    assert error.startswith("dvarchive.yaml:")
    assert "YAML" in error


def test_not_a_mapping(tmp_path: Path) -> None:
    [error] = config_errors(tmp_path, "- title\n- base_url\n")
    assert error.startswith("dvarchive.yaml:1: error:")


def test_bad_utf8(tmp_path: Path) -> None:
    [error] = config_errors(tmp_path, b"title: L\xfau tr\xf5\nbase_url: https://tin.example.vn/\n")
    assert error.startswith("dvarchive.yaml:1: error:")
    assert "UTF-8" in error


def test_python_tag(tmp_path: Path) -> None:
    [error] = config_errors(tmp_path, "title: !!python/object/apply:os.getcwd []\nbase_url: https://tin.example.vn/\n")
    assert error.startswith("dvarchive.yaml:1: error:")
