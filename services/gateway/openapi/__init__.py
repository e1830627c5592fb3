"""The API reference (/openapi.json, /docs) generated from the route table and the request models.

catalog.py: what the route table does not say (summaries, notes, query parameters, body models);
endpoints.py: the route table as endpoints; bodies.py: request-body schemas from the models, made
exact by strict.py (decimals' digits, texts without control characters, blank = null);
answers.py: the success answers' schemas, from the answer models (shared.contracts.answers; API.md's
Part A answers with its examples);
refusals.py: what no schema can say (stored data, rules across fields), as schemathesis.toml declares;
paths.py: one operation per endpoint and context; document.py: the whole document (build_spec).
"""
