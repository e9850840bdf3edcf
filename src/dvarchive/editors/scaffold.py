"""New sites (``dvarchive init``) and new articles (``dvarchive new``)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from ..core.config import CONFIG_FILE, load_config
from ..core.errors import ContentError, Diagnostic, OutputError
from ..core.layout import ARTICLES_DIR, THEME_STATIC, THEME_TEMPLATES
from ..core.names import clean_name, make_slug
from .headers import format_article

# What ``new`` writes as the body; ``check`` warns while it is still there.
PLACEHOLDER_BODY = "Viết nội dung bài ở đây.\n"

_CONFIG = """\
# Cài đặt của trang lưu trữ (xem docs/content-format.md của dvarchive).
title: Trang lưu trữ tin tức
base_url: https://example.vn/
description: Kho lưu trữ tin bài của tòa soạn.
language: vi
timezone: Asia/Ho_Chi_Minh
# Trang đánh số từ bài cũ nhất (/trang/1/ là các bài đầu tiên): trang đã đủ bài không đổi
# khi có bài mới, nên địa chỉ của nó dẫn được, lưu đệm được; trang đầu là các bài mới nhất.
paging: from_oldest
"""

_PEOPLE = """\
# Sổ đăng ký nhân vật: mỗi mục cần ít nhất name:.
# - name: Nguyễn Văn A
#   aliases: [đồng chí Nguyễn Văn A]
#   description: Chức vụ hoặc một dòng giới thiệu.
[]
"""

_ORGANISATIONS = """\
# Sổ đăng ký tổ chức: mỗi mục cần ít nhất name:.
- name: Thông tấn xã Việt Nam
  short: TTXVN
"""

_EXAMPLE = """\
---
title: "Chào mừng đến với kho lưu trữ"
date: {date}
section: Thời sự
summary: Bài viết mẫu cho thấy cách viết một bài trong dvarchive.
agency: TTXVN
author: Ban biên tập
tags: [hướng dẫn]
slug: chao-mung-den-voi-kho-luu-tru  # địa chỉ cố định của bài: sửa tiêu đề không làm đổi địa chỉ
---

Mỗi bài là một tệp Markdown trong `content/articles/`, với phần đầu YAML
ghi tiêu đề, ngày, chuyên mục, tác giả, ảnh, nhân vật và tổ chức.

## Bước tiếp theo

Sửa `dvarchive.yaml`, viết bài mới bằng `dvarchive new "Tiêu đề"`, rồi
chạy `dvarchive build`.

Bài mới tạo ra là bản nháp (`draft: true`): trang chỉ đăng bài khi bạn đổi
thành `draft: false`. Bài ghi ngày giờ trong tương lai được hẹn giờ: bài lên
trang ở lần dựng đầu tiên sau giờ ấy. Một bài đã đăng giữ nguyên địa chỉ; nếu
phải đổi địa chỉ (đổi tên tệp, đổi `slug:`), ghi địa chỉ cũ vào `aliases:` để
người đọc vẫn tới được bài.
"""


_TEMPLATES_README = """\
Giao diện của trang
===================

Trang này dùng giao diện mặc định của dvarchive, nằm trong gói dvarchive đã
cài: mỗi lần nâng cấp dvarchive, trang nhận luôn các bản sửa giao diện.

Muốn đổi một trang mẫu, chép đúng tệp ấy của giao diện mặc định vào thư mục
này (cùng tên) rồi sửa: tệp ở đây thay cho tệp cùng tên của giao diện mặc
định, các tệp khác vẫn lấy từ giao diện mặc định. Các trang mẫu của giao diện
mặc định (lúc tạo trang này, chúng ở {folder}):

{templates}

Tệp tĩnh (CSS, ảnh, biểu tượng) đặt vào thư mục static/ bên cạnh: chúng được
chép vào trang, đè lên tệp cùng đường dẫn của giao diện mặc định
(static/css/site.css thay cho css/site.css của giao diện).

Cần cả giao diện để sửa thoải mái: dvarchive init --eject-theme THƯ_MỤC_MỚI
chép toàn bộ giao diện vào trang mới (khi ấy trang không nhận bản sửa giao
diện của các lần nâng cấp nữa).
"""


def init_site(target: Path, now: datetime, eject_theme: bool = False) -> list[Path]:
    """Create a new site in ``target``; never touches an existing one.

    The site gets only what an editor fills in: the config, the registries and
    an example article dated ``now`` in the site's timezone. Its templates and
    static files come from the installed theme, so upgrades bring theme fixes;
    ``templates/`` holds a README saying how to override one file, and
    ``eject_theme`` copies the whole theme in instead.
    """
    if target.exists() and not target.is_dir():
        raise OutputError([Diagnostic(str(target), None, "đây là một tệp, không phải thư mục: chọn một thư mục mới hoặc trống")])
    if (target / CONFIG_FILE).exists() or (target.is_dir() and any(target.iterdir())):
        raise OutputError([Diagnostic(str(target), None, "thư mục đã có nội dung: chọn một thư mục mới hoặc trống")])
    created = [_write(target, CONFIG_FILE, _CONFIG)]
    when = now.astimezone(load_config(target).zone).replace(microsecond=0)  # what init writes must be a valid site
    files = {
        "content/people.yaml": _PEOPLE,
        "content/organisations.yaml": _ORGANISATIONS,
        f"content/articles/{when:%Y/%m}/chao-mung-den-voi-kho-luu-tru.md": _EXAMPLE.format(date=when.isoformat()),
    }
    created += [_write(target, relative, text) for relative, text in files.items()]
    (target / "content" / "photos").mkdir()
    if eject_theme:
        shutil.copytree(THEME_TEMPLATES, target / "templates")
        shutil.copytree(THEME_STATIC, target / "static")
        created += sorted(path for folder in ("templates", "static") for path in (target / folder).rglob("*") if path.is_file())
    else:
        # A README among the templates is never rendered; one in static/ would be published.
        names = "\n".join(f"- {path.name}" for path in sorted(THEME_TEMPLATES.glob("*.html")))
        created.append(_write(target, "templates/README.txt", _TEMPLATES_README.format(templates=names, folder=THEME_TEMPLATES)))
        (target / "static").mkdir()
    return created


def _write(target: Path, relative: str, text: str) -> Path:
    path = target / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_article(site_dir: Path, title: str, section: str | None, now: datetime) -> Path:
    """Create ``content/articles/YYYY/MM/<slug>.md`` with its header filled in."""
    config = load_config(site_dir)
    title = clean_name(title)
    slug = make_slug(title)
    if not slug:
        raise ContentError([Diagnostic("<tiêu đề>", None, f'tiêu đề "{title}" không có chữ nào để tạo đường dẫn')])
    when = now.astimezone(config.zone).replace(microsecond=0)
    path = site_dir / ARTICLES_DIR / f"{when:%Y/%m}" / f"{slug}.md"
    if path.exists():
        relative = path.relative_to(site_dir).as_posix()
        raise OutputError([Diagnostic(relative, None, "bài này đã có: không ghi đè; đặt tiêu đề khác")])
    # The slug, written down, keeps the URL when the headline is edited; a
    # draft stays off the site until an editor sets draft: false.
    header: dict[str, object] = {"title": title, "date": when, "draft": True}
    if section:
        header["section"] = clean_name(section)
    header.update({"summary": "", "author": "", "people": [], "organisations": [], "tags": [], "slug": slug})
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(format_article(header, PLACEHOLDER_BODY))
    return path
