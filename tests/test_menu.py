"""The site's menu of sections: in the order ``menu`` gives, or A to Z; never by count,
so that one new article does not reorder it and rewrite every page."""

from __future__ import annotations

from pathlib import Path

from dvarchive import build_site

from .conftest import SiteMaker, article, config_with, soup
from .test_incremental import snapshot

ARTICLES = {
    "content/articles/a.md": article("Giá lúa tăng", "2025-03-01T08:00:00+07:00", "Giá lúa tăng.", section="Kinh tế"),
    "content/articles/b.md": article("Lũ ở miền Trung", "2025-03-02T08:00:00+07:00", "Lũ về.", section="Thời sự"),
    "content/articles/c.md": article("Mưa lớn ở Huế", "2025-03-03T08:00:00+07:00", "Mưa lớn.", section="Thời sự"),
    "content/articles/d.md": article("Lễ hội đền Hùng", "2025-03-04T08:00:00+07:00", "Lễ hội.", section="Văn hóa"),
    "content/articles/e.md": article("Đội tuyển thắng", "2025-03-05T08:00:00+07:00", "Thắng 2–0.", section="Thể thao"),
}


def menu(output: Path, url: str = "/") -> list[str]:
    return [a.get_text(strip=True) for a in soup(output, url).select("nav.site-nav a")][1:-3]  # home; people, organisations, search


def test_without_menu_the_sections_run_a_to_z_whatever_their_counts(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(ARTICLES)
    output = tmp_path / "out"
    build_site(site, output)
    assert menu(output) == ["Kinh tế", "Thể thao", "Thời sự", "Văn hóa"]  # Vietnamese order: "Thể" before "Thời"
    before = snapshot(output)

    # Two more articles make "Văn hóa" the largest section: no page but theirs and their lists changes.
    for name, day in (("f", 6), ("g", 7)):
        (site / f"content/articles/{name}.md").write_text(
            article(f"Triển lãm số {day}", f"2025-03-0{day}T08:00:00+07:00", "Triển lãm.", section="Văn hóa"), "utf-8"
        )
    build_site(site, output)
    after = snapshot(output)
    assert menu(output) == ["Kinh tế", "Thể thao", "Thời sự", "Văn hóa"]
    for older in ("2025/03/a/index.html", "2025/03/b/index.html", "chuyen-muc/the-thao/index.html"):
        assert before[older] == after[older], older


def test_menu_names_the_sections_shown_in_its_order(make_site: SiteMaker, tmp_path: Path) -> None:
    config = config_with(menu=["Thời sự", "Văn hoá", "Kinh tế", "Giải trí"])  # another tone-mark spelling; no such section
    site = make_site(ARTICLES, config=config)
    result = build_site(site, tmp_path / "out")
    assert menu(result.output) == ["Thời sự", "Văn hóa", "Kinh tế"]
    assert menu(result.output, "/2025/03/e/") == ["Thời sự", "Văn hóa", "Kinh tế"]
    assert soup(result.output, "/chuyen-muc/the-thao/").find("h1").get_text(strip=True) == "Thể thao"  # still built
    [warning] = [w for w in result.warnings if "Giải trí" in w.message]
    assert warning.path == "dvarchive.yaml" and warning.line == config.splitlines().index("- Giải trí") + 1
