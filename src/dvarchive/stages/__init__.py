"""The build's stages, in order: load → resolve → photos → render → write.

``load`` (with ``registries``) reads the site folder; it is the only stage
that reads the site's files. ``resolve`` turns names into entities and
URLs (``slugs`` chooses each entity's), ``related`` picks each article's
related articles, ``published`` compares the addresses with those the last
build served. ``images`` makes the photos' smaller copies. ``render`` and
its neighbours (``pages``, ``article_page``, ``feeds``, ``search``,
``redirects``, ``sharing``, ``timelines``, ``collisions``) plan every
output file as a job and make its bytes in memory; ``output`` is the only
writer. A stage imports ``core``, ``incremental`` and the stages before it,
never one after it; ``dvarchive.pipeline`` runs them.
"""
