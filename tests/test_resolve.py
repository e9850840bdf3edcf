"""resolve.py: names become entities, articles get URLs, collisions are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from dvarchive.core.errors import ContentError
from dvarchive.core.model import EntityKind, Site
from dvarchive.stages.load import load_sources
from dvarchive.stages.related import SubjectIndex
from dvarchive.stages.resolve import resolve_site, resolve_with_rankings

from .conftest import SiteMaker, article


def resolve(site_dir: Path) -> Site:
    site, report = resolve_site(load_sources(site_dir))
    assert not report.has_errors
    return site


def resolve_errors(site_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        resolve_site(load_sources(site_dir))
    return [str(d) for d in caught.value.diagnostics if d.is_error]


def entity_names(site: Site, kind: EntityKind) -> dict[str, str]:
    """``{slug: name}`` of one kind."""
    return {e.ref.slug: e.ref.name for e in site.entities[kind]}


def test_articles_newest_first_with_urls(make_site: SiteMaker) -> None:
    site = resolve(
        make_site(
            {
                "content/articles/a.md": article("Tin cũ", "2024-01-08T09:30:00+07:00"),
                "content/articles/b.md": article("Tin mới", "2024-02-01"),
                "content/articles/c.md": article("Tin UTC", "2024-01-31T20:00:00+00:00"),
            }
        )
    )
    assert [a.url for a in site.articles] == ["/2024/02/c/", "/2024/02/b/", "/2024/01/a/"]


def test_spellings_of_one_name_are_one_entity(make_site: SiteMaker) -> None:
    site = resolve(
        make_site(
            {
                "content/articles/a.md": article("Tin A", "2024-01-08", people=["Nguyễn Thị Hòa", "Trương Thị Mai"]),
                "content/articles/b.md": article("Tin B", "2024-01-09", people=["Nguyễn Thị Hoà", "trương thị mai"]),
                "content/articles/c.md": article("Tin C", "2024-01-10", people=["NGUYỄN THỊ HÒA"], organisations=["Uỷ ban nhân dân tỉnh Lâm Đồng"]),
                "content/articles/d.md": article("Tin D", "2024-01-11", organisations=["Ủy ban nhân dân tỉnh Lâm Đồng"]),
            }
        )
    )
    people = {e.ref.slug: e for e in site.entities[EntityKind.PERSON]}
    assert sorted(people) == ["nguyen-thi-hoa", "truong-thi-mai"]
    assert len(people["nguyen-thi-hoa"].articles) == 3
    assert people["truong-thi-mai"].ref.name == "Trương Thị Mai"
    [org] = site.entities[EntityKind.ORGANISATION]
    assert len(org.articles) == 2


def test_registry_short_and_aliases(make_site: SiteMaker) -> None:
    site = resolve(
        make_site(
            {
                "content/organisations.yaml": "- name: Thông tấn xã Việt Nam\n  short: TTXVN\n  aliases: [Thông tấn xã VN]\n",
                "content/articles/a.md": article("Tin A", "2024-01-08", agency="TTXVN"),
                "content/articles/b.md": article("Tin B", "2024-01-09", organisations=["Thông tấn xã VN"]),
                "content/articles/c.md": article("Tin C", "2024-01-10", organisations=["thông tấn xã việt nam"]),
            }
        )
    )
    [org] = site.entities[EntityKind.ORGANISATION]
    assert (org.ref.slug, org.ref.name, len(org.articles)) == ("thong-tan-xa-viet-nam", "Thông tấn xã Việt Nam", 3)


def test_unregistered_names_get_entities(make_site: SiteMaker) -> None:
    site = resolve(
        make_site(
            {
                "content/articles/a.md": article(
                    "Tin", "2024-01-08", section="Thời sự", author=["Minh Hưng"], tags=["giao thông"],
                    people=["Lê Văn Hùng"], organisations=["Báo Lâm Đồng"],
                ),
            }
        )
    )
    assert entity_names(site, EntityKind.PERSON) == {"le-van-hung": "Lê Văn Hùng"}
    assert entity_names(site, EntityKind.ORGANISATION) == {"bao-lam-dong": "Báo Lâm Đồng"}
    assert entity_names(site, EntityKind.AUTHOR) == {"minh-hung": "Minh Hưng"}
    assert entity_names(site, EntityKind.TAG) == {"giao-thong": "giao thông"}
    assert entity_names(site, EntityKind.SECTION) == {"thoi-su": "Thời sự"}


def test_same_slug_in_one_month_names_both_files(make_site: SiteMaker) -> None:
    errors = resolve_errors(
        make_site(
            {
                "content/articles/da-lat-don-mua-hoa.md": article("Đà Lạt đón mùa hoa", "2024-01-08"),
                "content/articles/khac/da-lat-don-mua-hoa.md": article("Đà Lạt đón mùa hoa!", "2024-01-20"),
                "content/articles/2024/02/da-lat-don-mua-hoa.md": article("Đà Lạt đón mùa hoa", "2024-02-08"),  # another month: fine
            }
        )
    )
    [error] = errors
    assert "content/articles/da-lat-don-mua-hoa.md" in error and "content/articles/khac/da-lat-don-mua-hoa.md" in error
    assert "/2024/01/da-lat-don-mua-hoa/" in error


def test_names_folding_to_one_slug_each_keep_their_marks(make_site: SiteMaker) -> None:
    site = resolve(
        make_site(
            {
                "content/articles/a.md": article("Tin A", "2024-01-08", people=["Nguyễn Văn Hùng"], tags=["hoa"]),
                "content/articles/b.md": article("Tin B", "2024-01-09", people=["Nguyễn Văn Hưng"], tags=["hòa"]),
            }
        )
    )
    assert entity_names(site, EntityKind.PERSON) == {
        "nguyeenx-vawn-hungf": "Nguyễn Văn Hùng",
        "nguyeenx-vawn-huwng": "Nguyễn Văn Hưng",
    }
    # A name written without marks keeps the plain slug: no page lists the two tags.
    assert entity_names(site, EntityKind.TAG) == {"hoa": "hoa", "hoaf": "hòa"}
    [shared] = site.namesakes
    assert (shared.kind, shared.url) == (EntityKind.PERSON, "/nhan-vat/nguyen-van-hung/")
    assert sorted(ref.name for ref in shared.members) == ["Nguyễn Văn Hùng", "Nguyễn Văn Hưng"]


def test_one_registry_slug_for_two_names_is_an_error(make_site: SiteMaker) -> None:
    errors = resolve_errors(
        make_site(
            {
                "content/people.yaml": "- name: Nguyễn Văn Hùng\n  slug: hung\n- name: Lê Thị Lan\n  slug: hung\n",
                "content/articles/a.md": article("Tin A", "2024-01-08", people=["Nguyễn Văn Hùng", "Lê Thị Lan"]),
            }
        )
    )
    [error] = errors
    assert error.startswith("content/people.yaml:3: error:")
    assert "Nguyễn Văn Hùng" in error and "Lê Thị Lan" in error and "/nhan-vat/hung/" in error


def test_slug_in_registry_resolves_the_collision(make_site: SiteMaker) -> None:
    site = resolve(
        make_site(
            {
                "content/people.yaml": "- name: Nguyễn Văn Hùng\n- name: Nguyễn Văn Hưng\n  slug: nguyen-van-hung-da-nang\n",
                "content/articles/a.md": article("Tin A", "2024-01-08", people=["Nguyễn Văn Hùng"]),
                "content/articles/b.md": article("Tin B", "2024-01-09", people=["Nguyễn Văn Hưng"]),
            }
        )
    )
    assert entity_names(site, EntityKind.PERSON) == {
        "nguyen-van-hung": "Nguyễn Văn Hùng",
        "nguyen-van-hung-da-nang": "Nguyễn Văn Hưng",
    }


def test_registry_spelling_claimed_twice(make_site: SiteMaker) -> None:
    errors = resolve_errors(
        make_site(
            {
                "content/organisations.yaml": "- name: Thông tấn xã Việt Nam\n  short: TTXVN\n- name: TTXVN\n",
                "content/articles/a.md": article("Tin", "2024-01-08", agency="TTXVN"),
            }
        )
    )
    [error] = errors
    assert error.startswith("content/organisations.yaml:3: error:")
    assert "Thông tấn xã Việt Nam" in error


def test_person_titles_newest_first_each_once(make_site: SiteMaker) -> None:
    site = resolve(
        make_site(
            {
                "content/articles/a.md": article("Tin A", "2024-01-08", people=[{"name": "Trần Văn Ân", "title": "Phó Chủ tịch UBND tỉnh"}]),
                "content/articles/b.md": article("Tin B", "2024-03-08", people=[{"name": "Trần Văn Ân", "title": "Chủ tịch UBND tỉnh"}]),
                "content/articles/c.md": article("Tin C", "2024-02-08", people=[{"name": "Trần Văn Ân", "title": "Phó Chủ tịch UBND tỉnh"}]),
            }
        )
    )
    [person] = site.entities[EntityKind.PERSON]
    assert person.titles == ("Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh")
    assert [site.articles[i].article.title for i in person.articles] == ["Tin B", "Tin C", "Tin A"]


def test_related_explicit_first_then_shared_subjects(make_site: SiteMaker) -> None:
    files = {
        "content/articles/main.md": article(
            "Bài chính", "2024-06-01",
            people=["Trần Văn Ân", "Lê Quang Ơn"], organisations=["Báo Lâm Đồng"],
            related=["2024/01/bai-cu-khong-chung", "articles/2024/02/cu2.md"],
        ),
        "content/articles/2024/01/bai-cu-khong-chung.md": article("Bài cũ không chung", "2024-01-05"),
        "content/articles/2024/02/cu2.md": article("Bài cũ hai", "2024-02-05"),
        # shares three subjects, older
        "content/articles/s3.md": article("Chung ba", "2024-03-01", people=["Trần Văn Ân", "Lê Quang Ơn"], organisations=["Báo Lâm Đồng"]),
        # share one subject each; the newer ones come first
        "content/articles/s1a.md": article("Chung một A", "2024-05-01", people=["Trần Văn Ân"]),
        "content/articles/s1b.md": article("Chung một B", "2024-04-01", organisations=["Báo Lâm Đồng"]),
        "content/articles/s1c.md": article("Chung một C", "2024-03-15", people=["Lê Quang Ơn"]),
        # shares two subjects
        "content/articles/s2.md": article("Chung hai", "2024-02-20", people=["Lê Quang Ơn"], organisations=["báo lâm đồng"]),
        "content/articles/none.md": article("Không chung", "2024-05-30", people=["Người Khác"]),
    }
    site = resolve(make_site(files))
    main = next(a for a in site.articles if a.article.title == "Bài chính")
    assert [site.articles[i].article.title for i in main.related] == [
        "Bài cũ không chung", "Bài cũ hai", "Chung ba", "Chung hai", "Chung một A",
    ]


def test_related_to_a_missing_article_is_a_warning(make_site: SiteMaker) -> None:
    site_dir = make_site({"content/articles/a.md": article("Tin", "2024-01-08", related=["2023/12/khong-co"])})
    site, report = resolve_site(load_sources(site_dir))
    [warning] = report.diagnostics
    assert str(warning).startswith("content/articles/a.md:5: warning:")
    assert site.articles[0].related == ()


def test_published_photos(make_site: SiteMaker) -> None:
    from .conftest import JPEG

    site = resolve(
        make_site(
            {
                "content/people.yaml": "- name: Trần Văn Ân\n  photo: photos/people/an.jpg\n",
                "content/photos/people/an.jpg": JPEG,
                "content/photos/a.jpg": JPEG,
                "content/photos/b.jpg": JPEG,
                "content/photos/khong-dung.jpg": JPEG,
                "content/articles/a.md": article("Tin", "2024-01-08", "![](photos/b.jpg)", photos=[{"src": "photos/a.jpg"}]),
            }
        )
    )
    assert site.photos == ("photos/a.jpg", "photos/b.jpg", "photos/people/an.jpg")


RANKED_PEOPLE = ["Trần Văn Ân", "Lê Quang Ơn", "Phạm Thị Hồng", "Đỗ Minh Khang"]


def ranked_archive(count: int) -> dict[str, str | bytes]:
    """Articles a day apart, each naming two of four people."""
    return {
        f"content/articles/r{n:02d}.md": article(
            f"Tin số {n}", f"2024-03-{n + 1:02d}", people=[RANKED_PEOPLE[n % 4], RANKED_PEOPLE[(n * 3 + 1) % 4]]
        )
        for n in range(count)
    }


def related_titles(site: Site) -> dict[str, list[str]]:
    return {a.article.title: [site.articles[i].article.title for i in a.related] for a in site.articles}


@pytest.mark.parametrize(
    "change",
    ["new article", "older article", "subjects of an old article", "old article made a draft", "registry only"],
)
def test_related_kept_from_the_last_build_are_those_ranked_again(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    files = ranked_archive(20)
    site_dir = make_site(files)
    _, _, kept = resolve_with_rankings(load_sources(site_dir), 1, None)
    changed = {
        "new article": {"content/articles/new.md": article("Tin mới", "2024-03-25", people=RANKED_PEOPLE[:2])},
        "older article": {"content/articles/old.md": article("Tin cũ", "2024-03-05T12:00", people=RANKED_PEOPLE[1:3])},
        "subjects of an old article": {"content/articles/r03.md": article("Tin số 3", "2024-03-04", people=["Người Mới"])},
        "old article made a draft": {"content/articles/r05.md": files["content/articles/r05.md"].replace("---\n", "---\ndraft: true\n", 1)},
        "registry only": {"content/people.yaml": "- name: Trần Văn Ân\n  description: Kỹ sư.\n"},
    }[change]
    for path, text_ in changed.items():
        (site_dir / path).write_text(text_, "utf-8")  # type: ignore[arg-type]
    ranked: list[int] = []
    most_shared = SubjectIndex.most_shared
    monkeypatch.setattr(SubjectIndex, "most_shared", lambda index, position, *rest, **kw: ranked.append(position) or most_shared(index, position, *rest, **kw))

    site, _, _ = resolve_with_rankings(load_sources(site_dir), 1, kept)
    # Only the changed article and those after it are ranked again: what each ranks is earlier.
    newest_changed = {"new article": 0, "older article": 15, "subjects of an old article": 16, "old article made a draft": 13}
    assert ranked == list(range(newest_changed[change] + 1)) if change in newest_changed else not ranked
    assert related_titles(site) == related_titles(resolve(site_dir))
