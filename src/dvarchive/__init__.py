"""dvarchive: a static-site generator for Vietnamese news archives."""

from __future__ import annotations

__version__ = "0.1.0"

from .build import BuildResult, build_site
from .core.config import SiteConfig, load_config
from .core.errors import ConfigError, ContentError, Diagnostic, DvarchiveError, Level, OutputError

__all__ = [
    "BuildResult",
    "ConfigError",
    "ContentError",
    "Diagnostic",
    "DvarchiveError",
    "Level",
    "OutputError",
    "SiteConfig",
    "__version__",
    "build_site",
    "load_config",
]
