"""New sites (``dvarchive init``) and new articles (``dvarchive new``)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from .config import CONFIG_FILE, load_config
from .errors import Diagnostic, DvarchiveError
from .render import THEME_STATIC, THEME_TEMPLATES

_CONFIG = """\
# Cài đặt của trang lưu trữ (xem content-format.md).
title: Trang lưu trữ tin tức
base_url: https://example.vn/
description: Kho lưu trữ tin bài của tòa soạn.
language: vi
timezone: Asia/Ho_Chi_Minh
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
---

Mỗi bài là một tệp Markdown trong `content/articles/`, với phần đầu YAML
ghi tiêu đề, ngày, chuyên mục, tác giả, ảnh, nhân vật và tổ chức.

## Bước tiếp theo

Sửa `dvarchive.yaml`, viết bài mới bằng `dvarchive new "Tiêu đề"`, rồi
chạy `dvarchive build`.
"""


class ScaffoldError(DvarchiveError):
    """A file that would be overwritten."""


def init_site(target: Path, now: datetime) -> list[Path]:
    """Create a new site in ``target``; never touches an existing one."""
    if (target / CONFIG_FILE).exists() or (target.is_dir() and any(target.iterdir())):
        raise ScaffoldError([Diagnostic(str(target), None, "thư mục đã có nội dung: chọn một thư mục mới hoặc trống")])
    files = {
        CONFIG_FILE: _CONFIG,
        "content/people.yaml": _PEOPLE,
        "content/organisations.yaml": _ORGANISATIONS,
        f"content/articles/{now:%Y/%m}/chao-mung-den-voi-kho-luu-tru.md": _EXAMPLE.format(date=now.isoformat(timespec="seconds")),
    }
    created = []
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.append(path)
    (target / "content" / "photos").mkdir()
    shutil.copytree(THEME_TEMPLATES, target / "templates")
    shutil.copytree(THEME_STATIC, target / "static")
    load_config(target)  # what init writes must be a valid site
    return created
