"""The W3C Web Annotation Protocol (Recommendation, 2017): claims as annotations in two LDP Basic
Containers, `/annotations/` (every claim; editors create, replace and delete drafts) and
`/annotations/verified/` (verified claims, read-only).

- `http.py`: what the protocol says about HTTP: media types, `Accept`, `Prefer`, `Slug`, `Link`
  and entity tags (pure functions).
- `incoming.py`: a W3C annotation sent by a client, read into what a claim is made of.
- `views.py`, `urls.py`: the containers and the annotations.

The reads are `annotations/selectors/annotations.py`, the writes `annotations/services/
annotations.py` (which call the claim services, so the claims API's rules hold here too), and
the documents are the export's JSON-LD (`annotations/presenters/jsonld.py`).
"""
