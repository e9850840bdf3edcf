"""Pelican settings for the dvarchive benchmark (copied by bench/peers.py)."""

AUTHOR = "Ban biên tập"
SITENAME = "Lưu trữ tin Dân vận (benchmark)"
SITEURL = "https://bench.example.vn"
PATH = "content"
ARTICLE_PATHS = ["articles"]
STATIC_PATHS = ["photos"]
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False

# The same URLs as dvarchive's defaults.
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
TAG_URL = "chu-de/{slug}/"
TAG_SAVE_AS = "chu-de/{slug}/index.html"
AUTHOR_URL = "tac-gia/{slug}/"
AUTHOR_SAVE_AS = "tac-gia/{slug}/index.html"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"

# RSS only, for the site and every category, tag (people and organisations
# are tags here) and author, as dvarchive does.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
FEED_ALL_RSS = "feed.xml"
CATEGORY_FEED_RSS = "chuyen-muc/{slug}/feed.xml"
TAG_FEED_RSS = "chu-de/{slug}/feed.xml"
AUTHOR_FEED_RSS = "tac-gia/{slug}/feed.xml"
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

# Pelican's own incremental help: reuse parsed content that has not changed.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
