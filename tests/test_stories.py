"""stories: when two articles are one story (the rules of dvarchive.editors.stories).

The threshold of near-identical bodies is measured here: edits an editor
makes to a copy keep it above, stories written from one template stay well
below.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from dvarchive.editors.stories import (
    BODY_WORDS,
    SAME_BODY,
    Story,
    StoryIndex,
    body_runs,
    find_same_stories,
    fold_body,
    fold_headline,
    make_story,
    similarity,
)

STORY = """\
Sáng 14/4, UBND huyện Đức Trọng phối hợp với Công ty Điện lực Lâm Đồng đóng điện trạm biến áp thứ 12 cho các buôn đồng bào dân tộc thiểu số.

Trạm biến áp mới có công suất 250 kVA, cấp điện cho 186 hộ dân ở buôn Klong Trang và buôn Bơ Nơ. Trước đây, các hộ phải kéo dây từ lưới điện cách xa hơn hai cây số, điện yếu và thường xuyên mất vào mùa mưa.

Ông Ka Siu, người dân buôn Klong Trang, cho biết gia đình ông đã mua máy bơm để tưới cà phê ngay trong tuần đầu có điện. Nhiều hộ khác dự định mở xưởng sơ chế nông sản nhỏ tại nhà.

## Hoàn thành trước mùa khô

Theo kế hoạch, đến cuối năm huyện sẽ đóng điện thêm năm trạm biến áp ở các xã vùng sâu. Tổng vốn đầu tư cho chương trình là 38 tỷ đồng, trong đó ngân sách tỉnh hỗ trợ 60%, phần còn lại do ngành điện và người dân cùng đóng góp.

Đại diện ngành điện cho biết các công trình được ưu tiên thi công trong mùa khô để kịp phục vụ vụ tưới cà phê đầu năm sau. Đơn vị cũng tổ chức các lớp hướng dẫn người dân sử dụng điện an toàn và tiết kiệm.

![](photos/2026/04/tram-bien-ap.jpg)
"""

TEMPLATE = """\
Sáng {day}, UBND huyện {district} tổ chức hội nghị tổng kết công tác dân vận năm {year} với sự tham dự của {people} đại biểu.

Báo cáo tại hội nghị cho biết trong năm qua toàn huyện đã vận động người dân hiến {land} m2 đất để mở rộng {roads} tuyến đường giao thông nông thôn. Các hội đoàn thể đã giúp {families} hộ nghèo vay vốn phát triển sản xuất.

Ông {leader}, Chủ tịch UBND huyện, đề nghị các xã tiếp tục nhân rộng mô hình dân vận khéo trong năm tới.
"""


OTHER = """\
Chiều 15/4, Sở Văn hóa tỉnh Lâm Đồng khai mạc triển lãm ảnh về đời sống đồng bào các dân tộc Tây Nguyên tại Đà Lạt.
Triển lãm giới thiệu hơn 120 bức ảnh của các nhiếp ảnh gia trong và ngoài tỉnh, mở cửa miễn phí đến hết tháng 5.
"""


def template_story(**values: object) -> str:
    return TEMPLATE.format(**values)


FIRST = template_story(day="8/1", district="Lạc Dương", year=2025, people=150, land="12.400", roads=9, families=312, leader="Cil Ha Hoàng")
SECOND = template_story(day="9/1", district="Đam Rông", year=2025, people=120, land="8.900", roads=14, families=275, leader="Liêng Hót Ha Tiến")


def runs(text: str) -> set[int]:
    return body_runs(fold_body(text))


def change_words(text: str, every: int, seed: int = 1) -> str:
    """One word in ``every`` replaced, as an editor correcting a copy would."""
    rng = random.Random(seed)
    words = text.split(" ")
    for index in rng.sample(range(len(words)), len(words) // every):
        words[index] = rng.choice(["mới", "cũ", "lớn", "nhiều", "thêm"])
    return " ".join(words)


# --- headlines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "Hà Nội khởi công cầu đi bộ qua sông Tô Lịch",
        "HÀ NỘI KHỞI CÔNG CẦU ĐI BỘ QUA SÔNG TÔ LỊCH",
        "Hà Nội: khởi công cầu đi bộ qua sông Tô Lịch!",
        "“Hà Nội khởi công cầu đi bộ qua sông Tô Lịch”",
        "  Hà   Nội khởi công cầu đi bộ  qua sông Tô Lịch.",
        "Hà Nội khởi công cầu đi bộ qua sông Tô Lịch".replace("Đ", "Ð"),  # the Icelandic eth, as old fonts typed đ
    ],
)
def test_headlines_fold_case_marks_punctuation_and_spaces(variant: str) -> None:
    assert fold_headline(variant) == fold_headline("Hà Nội khởi công cầu đi bộ qua sông Tô Lịch")


def test_tone_placement_and_d_fold_but_tones_do_not() -> None:
    assert fold_headline("Thanh Hoá, Khánh Hoà hợp tác thuỷ sản") == fold_headline("Thanh Hóa, Khánh Hòa hợp tác thủy sản")
    assert fold_headline("Đà Lạt đón khách") == fold_headline("Ðà Lạt đón khách")
    assert fold_headline("Giá lúa tăng") != fold_headline("Giá lửa tăng")


# --- bodies -------------------------------------------------------------------------


def test_a_copy_is_identical_and_markdown_and_photos_do_not_count() -> None:
    plain = STORY.replace("## ", "").replace("![](photos/2026/04/tram-bien-ap.jpg)", "")
    assert similarity(runs(STORY), runs(plain)) == 1.0
    assert similarity(runs(STORY), runs(STORY.replace("Đ", "D").replace("đ", "d"))) == 1.0


@pytest.mark.parametrize(
    ("edit", "least"),
    [
        (lambda text: change_words(text, 100), 0.85),  # a word in a hundred corrected
        (lambda text: change_words(text, 50), 0.8),  # a word in fifty
        (lambda text: text + "\nĐến nay, huyện đã có 97% số hộ dùng điện lưới quốc gia.\n", 0.85),  # a paragraph added
        (lambda text: text.split("## ")[0], 0.5),  # the second half cut: not near-identical
    ],
)
def test_edits_of_a_copy(edit: object, least: float) -> None:
    shared = similarity(runs(STORY), runs(edit(STORY)))  # type: ignore[operator]
    assert shared >= least
    if least < SAME_BODY:
        assert shared < SAME_BODY


def test_two_stories_from_one_template_are_not_near_identical() -> None:
    shared = similarity(runs(FIRST), runs(SECOND))
    assert shared < 0.6 < SAME_BODY


# --- the rules ---------------------------------------------------------------------

HEADLINE = "Lâm Đồng đóng điện trạm biến áp cho buôn vùng sâu"


def story(source: str, headline: str, day: date, body: str) -> Story:
    return make_story(source, headline, day.toordinal(), body)


def same(stories: list[Story], bodies: dict[str, str]) -> list[tuple[str, str, bool]]:
    found = find_same_stories(stories, lambda s: runs(bodies[s.source]))
    return [(m.story.source, m.original.source, m.headline) for m in found]


def test_a_headline_told_again_the_same_day_or_soon_after_on_a_related_text_is_the_same_story() -> None:
    corrected = STORY.split("## ")[0] + "Đến nay, huyện đã có 97% số hộ dùng điện lưới quốc gia."
    bodies = {"a.md": STORY, "b.md": FIRST, "c.md": corrected, "d.md": OTHER, "e.md": STORY}
    stories = [
        story("b.md", HEADLINE.upper(), date(2026, 4, 14), FIRST),  # the same day: whatever the text
        story("a.md", HEADLINE, date(2026, 4, 14), STORY),
        story("c.md", HEADLINE + ".", date(2026, 4, 16), corrected),  # two days later, half of it the same
        story("d.md", HEADLINE, date(2026, 4, 15), OTHER),  # the next day on another text: a round-up's headline
        story("e.md", HEADLINE, date(2026, 4, 24), STORY),  # ten days later: only its body makes it a copy
    ]
    found = same(stories, bodies)
    assert found == [("b.md", "a.md", True), ("c.md", "a.md", True), ("e.md", "a.md", False)]


def test_short_headlines_and_short_bodies_are_not_compared() -> None:
    brief = "Mưa lớn kéo dài ở Tây Nguyên."
    assert len(brief.split()) < BODY_WORDS
    bodies = {"a.md": brief, "b.md": brief, "c.md": FIRST, "d.md": SECOND}
    stories = [
        story("a.md", "Tin vắn", date(2026, 4, 14), brief),
        story("b.md", "Tin vắn", date(2026, 4, 14), brief),
        story("c.md", "Tin vắn buổi sáng", date(2026, 4, 14), FIRST),
        story("d.md", "Tin vắn buổi sáng", date(2026, 4, 14), SECOND),
    ]
    assert same(stories, bodies) == []


def test_a_near_identical_body_is_the_same_story_whatever_the_headline_and_date() -> None:
    edited = change_words(STORY, 100)
    bodies = {"2026/a.md": STORY, "2027/b.md": edited, "2027/c.md": FIRST}
    stories = [
        story("2027/b.md", "Buôn vùng sâu có điện lưới", date(2027, 1, 2), edited),
        story("2026/a.md", HEADLINE, date(2026, 4, 14), STORY),
        story("2027/c.md", HEADLINE, date(2027, 1, 3), FIRST),
    ]
    assert same(stories, bodies) == [("2027/b.md", "2026/a.md", False)]


def test_each_copy_names_the_earliest_original_once() -> None:
    bodies = {f"{n}.md": STORY for n in "abcd"}
    stories = [story(f"{n}.md", HEADLINE, date(2026, 4, 14 + i), STORY) for i, n in enumerate("dcba")]
    found = find_same_stories(stories, lambda s: runs(bodies[s.source]))
    assert [(m.story.source, m.original.source) for m in found] == [("c.md", "d.md"), ("b.md", "d.md"), ("a.md", "d.md")]
    assert all(m.similarity == 1.0 for m in found)


def test_the_file_named_first_is_the_original_of_copies_of_one_day() -> None:
    stories = [story(name, HEADLINE, date(2026, 4, 14), STORY) for name in ("x-2.md", "x.md")]
    found = find_same_stories(stories, lambda s: runs(STORY))
    assert [(m.story.source, m.original.source) for m in found] == [("x-2.md", "x.md")]


def test_stock_sentences_shared_by_many_articles_do_not_make_them_copies() -> None:
    stock = "Tin liên quan. Theo Thông tấn xã Việt Nam. Ảnh minh họa. Bài viết có sử dụng tư liệu."
    bodies = {}
    for number in range(60):
        body = template_story(
            day=f"{number % 28 + 1}/2", district=f"Huyện Số {number}", year=2000 + number, people=number * 7,
            land=f"{number * 131}", roads=number, families=number * 3, leader=f"Lê Văn {number}",
        )
        bodies[f"{number}.md"] = f"{stock}\n\n{body}"
    stories = [story(source, f"Hội nghị số {source}", date(2026, 1, 1), body) for source, body in bodies.items()]
    assert same(stories, bodies) == []


def test_an_index_answers_for_one_new_story_and_for_a_batch() -> None:
    index = StoryIndex()
    archive = story("content/articles/a.md", HEADLINE, date(2026, 4, 14), STORY)
    index.add(archive)
    bodies = {"content/articles/a.md": STORY, "x.txt": change_words(STORY, 100), "y.txt": FIRST, "z.txt": FIRST}

    def runs_of(s: Story) -> set[int]:
        return runs(bodies[s.source])

    copy = story("x.txt", "Tin khác hẳn về điện", date(2026, 5, 1), bodies["x.txt"])
    found = index.original_of(copy, runs_of)
    assert found is not None and found.original == archive and not found.headline
    assert found.similarity is not None and found.similarity >= SAME_BODY
    new = story("y.txt", "Lạc Dương tổng kết công tác dân vận", date(2026, 1, 8), FIRST)
    assert index.original_of(new, runs_of) is None
    index.add(new)
    again = story("z.txt", "Lạc Dương tổng kết công tác dân vận", date(2026, 1, 8), FIRST)
    found = index.original_of(again, runs_of)
    assert found is not None and found.original == new and found.headline and found.similarity == 1.0
