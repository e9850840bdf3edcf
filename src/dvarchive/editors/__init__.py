"""The editors' commands besides ``build``: ``check``, ``new`` and ``init``
(``scaffold``, ``headers``), ``import`` (``wire``, ``importer``) and the
development server ``serve`` (``serve_http``, ``serve_watch``), with the
progress bar. They may import anything; nothing in the build imports them.
"""
