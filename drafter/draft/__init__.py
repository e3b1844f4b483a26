"""The drafting pipeline: compose → render the template → citations → a Draft → bytes.

common.py holds what every draft shares (Draft, Stats, Engine), letter.py and oped.py draft
one kind each, render.py turns a Draft into the bytes of a format and writes it. Import from
the module you need (or from ``drafter``, the public API): this package imports none of
them, so that drafting a letter does not import the op-ed pipeline.
"""
