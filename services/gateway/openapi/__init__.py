"""The API reference (/openapi.json, /docs) generated from the route table and the request models.

catalog.py: what the route table does not say (summaries, notes, query parameters, body models);
endpoints.py: the route table as endpoints; bodies.py: request-body schemas from the models;
paths.py: one operation per endpoint and context; document.py: the whole document (build_spec).
"""
