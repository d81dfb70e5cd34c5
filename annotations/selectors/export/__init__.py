"""Reads for the export of verified claims, as rows the presenters turn into each format.

- `rows`: the row types (named tuples) and how a chunk of claims becomes rows with evidence;
- `cursor`: the opaque position a consumer keeps between incremental calls;
- `queries`: filters, keyset pages for the incremental sync, the streamed whole export;
- `freshness`: what a representation depends on, for ETags and 304 Not Modified.

Everything here returns rows, never models: the presenters in `annotations/presenters/` turn the
rows into JSON, NDJSON, CSV, W3C JSON-LD or ClaimReview.
"""
