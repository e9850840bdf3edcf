"""What changed since the last build, and what one build keeps for the next.

``changes`` decides, in one place, what a build must do: nothing, the pages
of articles whose body alone changed, or the whole site (each page then made
again only if its fingerprint changed). ``inventory`` lists what a build
reads; ``fingerprints`` digests what an output file is made from; ``cache``
keeps, in SQLite, the typed records of ``state``. Modules here import only
``core`` and each other: they know the data, not how pages are made.
"""
