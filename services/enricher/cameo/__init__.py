"""Readers of the CAMEO coding dictionaries (Open Event Data Alliance, MIT licence).

The dictionaries ship unchanged in ``newsstream/enricher/data/cameo`` (see its PROVENANCE.md);
each reader parses one file format of ``dictionaries.rst`` into structures the event coder
matches onto spaCy's parse.
"""
