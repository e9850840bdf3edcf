"""The plain data and pure helpers every part of dvarchive shares.

The frozen dataclasses that flow through a build (``model``, ``views``,
``jobs``), the site's settings (``config``), the interface's words and
dates in the site's language (``messages``), the error family
(``errors``), Vietnamese names and URLs (``names``, ``urls``), path
safety (``paths``), reading YAML with its lines (``frontmatter``,
``schema``) and Markdown (``markdown``). Modules here import nothing of
dvarchive outside ``core``.
"""
