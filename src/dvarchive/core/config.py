"""The site configuration, ``dvarchive.yaml``, read and validated."""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError, Report
from .frontmatter import LineDict, YamlProblem, load_yaml, read_source
from .messages import LANGUAGES, catalog, catalog_language
from .schema import FieldReader

CONFIG_FILE = "dvarchive.yaml"


@dataclass(frozen=True)
class UrlWords:
    """The words in the URLs of entity pages (``/nhan-vat/…``)."""

    people: str = "nhan-vat"
    organisations: str = "to-chuc"
    authors: str = "tac-gia"
    tags: str = "chu-de"
    sections: str = "chuyen-muc"
    page: str = "page"  # a list's numbered pages; "trang" when they are numbered from the oldest (see paging)
    search: str = "tim-kiem"
    corrections: str = "dinh-chinh"  # the site's corrections, newest first


_URL_KEYS = frozenset(UrlWords.__dataclass_fields__)
_CONFIG_KEYS = frozenset(
    {
        "title", "base_url", "description", "language", "timezone", "output", "photo_store",
        "per_page", "paging", "menu", "feed_items", "allow_html", "people_sort", "urls", "logo", "article_slugs", "messages",
    }
)


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str  # always ends with "/"
    description: str = ""
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    output: str = "public"
    # Where photos' smaller copies are kept (stages/photo_store.py): relative to the site, or absolute
    # to share one between sites or machines.
    photo_store: str = ".dvarchive-cache/photos"
    per_page: int = 20
    # How lists are cut into pages (core/paging.py): "from_newest", the first rule, kept by a site
    # that does not say, so its addresses keep their meaning; "from_oldest", which dvarchive init writes.
    paging: str = "from_newest"
    # The sections the menu names, in its order, each with its line in dvarchive.yaml; none: every section, A to Z.
    menu: tuple[tuple[str, int | None], ...] = ()
    feed_items: int = 50
    allow_html: bool = False
    people_sort: str = "given"
    urls: UrlWords = field(default_factory=UrlWords)
    logo: str = "images/logo.png"  # the publisher's logo: a path in the output, or a URL
    article_slugs: str = "file"  # an article without slug: is named by its "file" name, or by its "title" (before 0.2)
    # The site's own texts for single words of the interface: (the catalog's id, the text).
    messages: tuple[tuple[str, str], ...] = ()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def root(self) -> str:
        """The path part of ``base_url`` without its final slash ("" at a host's root)."""
        return urlsplit(self.base_url).path.rstrip("/")


def load_config(site_dir: Path) -> SiteConfig:
    """Read ``dvarchive.yaml``; raise ConfigError listing every problem."""
    path = site_dir / CONFIG_FILE
    report = Report()
    if not path.is_file():
        report.error(CONFIG_FILE, None, _missing_config(site_dir))
        report.raise_if_errors(ConfigError)
    try:
        data = load_yaml(read_source(path))
    except YamlProblem as problem:
        report.error(CONFIG_FILE, problem.line, problem.message)
        raise ConfigError(report.diagnostics) from None
    if not isinstance(data, LineDict):
        report.error(CONFIG_FILE, 1, "tệp cấu hình phải là một bảng khóa: giá trị (title, base_url, …)")
        raise ConfigError(report.diagnostics)
    config = _read_config(FieldReader(data, CONFIG_FILE, report, _CONFIG_KEYS))
    report.raise_if_errors(ConfigError)
    return config


def _missing_config(site_dir: Path) -> str:
    """Where dvarchive looked for the config, in full: a mistyped folder shows at once."""
    folder = site_dir.absolute()
    if not site_dir.is_dir():
        return f"không có thư mục trang {folder}: kiểm tra đường dẫn"
    if (site_dir / CONFIG_FILE).is_dir():
        return f"{CONFIG_FILE} trong {folder} là một thư mục, không phải tệp cấu hình"
    return f"không thấy {CONFIG_FILE} trong thư mục {folder}: đây có phải thư mục của một trang lưu trữ? (tạo trang mới: dvarchive init)"


def _read_config(fields: FieldReader) -> SiteConfig:
    defaults = SiteConfig(title="", base_url="/")
    paging = _read_paging(fields, defaults.paging)
    return SiteConfig(
        title=fields.text("title", required=True) or "",
        base_url=_read_base_url(fields),
        description=fields.text("description") or "",
        language=_read_language(fields, defaults.language),
        timezone=_read_timezone(fields, defaults.timezone),
        output=_read_output(fields, defaults.output),
        photo_store=_read_photo_store(fields, defaults.photo_store),
        per_page=fields.integer("per_page", defaults.per_page),
        paging=paging,
        menu=fields.text_items("menu"),
        feed_items=fields.integer("feed_items", defaults.feed_items),
        allow_html=fields.boolean("allow_html", defaults.allow_html),
        people_sort=_read_people_sort(fields, defaults.people_sort),
        urls=_read_urls(fields, FROM_OLDEST_WORD if paging == "from_oldest" else UrlWords.page),
        logo=_read_logo(fields, defaults.logo),
        article_slugs=_read_article_slugs(fields, defaults.article_slugs),
        messages=_read_messages(fields),
    )


def _read_base_url(fields: FieldReader) -> str:
    value = fields.text("base_url", required=True)
    if value is None:
        return "/"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        fields.error("base_url", f'base_url "{value}" phải là một địa chỉ tuyệt đối, ví dụ https://example.vn/')
    elif {".", ".."} & set(parts.path.split("/")) or parts.query or parts.fragment:
        fields.error("base_url", f'base_url "{value}" không được có ".", "..", "?" hay "#" trong đường dẫn')
    elif not re.fullmatch(r"[A-Za-z0-9._~/%-]*", parts.path):
        fields.error("base_url", f'base_url "{value}": đường dẫn chỉ được có chữ ASCII, số, "-", "_", "." và "/"')
    return value if value.endswith("/") else value + "/"


def _read_timezone(fields: FieldReader, default: str) -> str:
    value = fields.text("timezone") or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        fields.error("timezone", f'múi giờ "{value}" không tồn tại: dùng tên IANA, ví dụ Asia/Ho_Chi_Minh')
        return default
    return value


def _read_output(fields: FieldReader, default: str) -> str:
    value = fields.text("output") or default
    normal = posixpath.normpath(value.replace("\\", "/"))
    if Path(value).is_absolute() or ".." in Path(value).parts:
        fields.error("output", f'output "{value}" phải là một thư mục con của trang, không chứa ".."')
        return default
    if normal in (".", "templates", "static") or normal == "content" or normal.startswith("content/"):
        fields.error("output", f'output "{value}" sẽ ghi đè lên trang: chọn một thư mục riêng, ví dụ public')
        return default
    return value


def _read_photo_store(fields: FieldReader, default: str) -> str:
    value = fields.text("photo_store") or default
    if Path(value).is_absolute():
        return value
    normal = posixpath.normpath(value.replace("\\", "/"))
    output = posixpath.normpath((fields.text("output") or "public").replace("\\", "/"))
    first = normal.split("/")[0]
    if first in ("content", "templates", "static", output, "..", "."):
        fields.error("photo_store", f'photo_store "{value}": chọn một thư mục riêng, ngoài content/, templates/, static/ và thư mục xuất, ví dụ .dvarchive-cache/photos')
        return default
    return value


def _read_logo(fields: FieldReader, default: str) -> str:
    value = fields.text("logo") or default
    if not value.startswith(("http://", "https://")) and (value.startswith("/") or ".." in Path(value).parts):
        fields.error("logo", f'logo "{value}": một đường dẫn trong static/ (ví dụ images/logo.png) hoặc một URL')
        return default
    return value


def _read_language(fields: FieldReader, default: str) -> str:
    value = fields.text("language") or default
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        fields.error("language", f'language "{value}" phải là một mã ngôn ngữ, ví dụ vi hoặc en')
        return default
    if catalog_language(value) is None:
        shipped = " và ".join(LANGUAGES)
        fields.error("language", f'language "{value}": giao diện của dvarchive có tiếng {shipped}; chọn một trong các mã đó (vi-VN, en-GB… cũng được)')
        return default
    return value


def _read_messages(fields: FieldReader) -> tuple[tuple[str, str], ...]:
    """The site's own texts: each id must be one of the catalog's (a mistyped id would change nothing)."""
    mapping = fields.mapping_of("messages")
    if mapping is None:
        return ()
    ids = [message for message, _ in catalog("vi")]
    texts = FieldReader(mapping, fields.path, fields.report, frozenset(mapping))
    own = []
    for message in mapping:
        text = texts.text(str(message))
        if str(message) not in ids:
            close = difflib.get_close_matches(str(message), ids, n=1)
            hint = f': có phải "{close[0]}"?' if close else ": xem các câu trong bảng từ vi.po của dvarchive"
            texts.error(str(message), f'messages: "{message}" không phải một câu của giao diện{hint}')
        elif text is not None:
            own.append((str(message), text))
    return tuple(own)


def _read_choice(fields: FieldReader, key: str, default: str, choices: tuple[str, ...], problem: str) -> str:
    """One of ``choices``; another value is an error at its line (``problem`` says what each means)."""
    value = fields.text(key) or default
    if value not in choices:
        fields.error(key, problem)
        return default
    return value


def _read_people_sort(fields: FieldReader, default: str) -> str:
    return _read_choice(fields, "people_sort", default, ("given", "family"), 'people_sort phải là "given" (theo tên) hoặc "family" (theo họ)')


def _read_paging(fields: FieldReader, default: str) -> str:
    return _read_choice(
        fields, "paging", default, ("from_newest", "from_oldest"),
        'paging phải là "from_oldest" (trang đánh số từ bài cũ nhất, không đổi khi có bài mới) '
        'hoặc "from_newest" (trang 2 là các bài ngay sau trang đầu, như cách cũ)',
    )


def _read_article_slugs(fields: FieldReader, default: str) -> str:
    return _read_choice(
        fields, "article_slugs", default, ("file", "title"),
        'article_slugs phải là "file" (slug theo tên tệp, không đổi khi sửa tiêu đề) '
        'hoặc "title" (theo tiêu đề, như trước bản 0.2)',
    )


# Folders the build fills besides the pages of the URL words: the search
# bundles (search.py) and, by custom, the photos of content/photos/.
RESERVED_WORDS = frozenset({"pagefind", "photos"})

# The word of numbered pages counted from the oldest, unless urls.page says another: not
# "page", so that no address of the pages counted from the newest changes its meaning.
FROM_OLDEST_WORD = "trang"


def _read_urls(fields: FieldReader, page: str) -> UrlWords:
    """The URL words: each its own, and none a year's folder (``/2025/``) or a folder the build fills.
    ``page``: the word of numbered pages when urls.page does not give one."""
    mapping = fields.mapping_of("urls")
    if mapping is None:
        return UrlWords(page=page)
    words = FieldReader(mapping, fields.path, fields.report, _URL_KEYS)
    values: dict[str, str] = {}
    for key in sorted(_URL_KEYS, key=words.line):
        word = words.text(key)
        if word is None:
            continue
        if not word.replace("-", "").isalnum() or not word.isascii():
            words.error(key, f'urls.{key} "{word}" chỉ được có chữ ASCII, số và dấu gạch nối')
        elif re.fullmatch(r"\d{4}", word):
            words.error(key, f'urls.{key} "{word}" trùng với lưu trữ năm {word} (/{word}/): chọn một từ không phải năm')
        elif word.lower() in RESERVED_WORDS:
            words.error(key, f'urls.{key} "{word}": /{word}/ là thư mục dvarchive dùng cho việc khác, chọn một từ khác')
        else:
            values[key] = word
    defaults = UrlWords(page=page)
    _report_shared_words(words, values, defaults)
    return replace(defaults, **values)


def _report_shared_words(words: FieldReader, values: dict[str, str], defaults: UrlWords) -> None:
    """Two kinds of page with one word would write to the same files (``urls: {people: to-chuc}``)."""
    final = {key: values.get(key, getattr(defaults, key)) for key in sorted(_URL_KEYS, key=words.line)}
    seen: dict[str, str] = {}
    for key, word in final.items():
        other = seen.setdefault(word.lower(), key)
        if other == key:
            continue
        # Reported at the word the site wrote (of two written, the later one).
        culprit, kept = (key, other) if key in values else (other, key)
        words.error(
            culprit,
            f'urls.{culprit} "{final[culprit]}" trùng với urls.{kept} ("{final[kept]}"): '
            "mỗi loại trang cần một từ riêng, nếu không trang này sẽ ghi đè trang kia",
        )
