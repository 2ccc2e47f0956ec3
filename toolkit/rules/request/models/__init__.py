"""Model-aware checks (ORT4xx): a request against what its model can do, per the catalog.

Most 4xx answers of the endpoint are a request asking a model for something it cannot do;
each of these is predicted from OpenRouter's model catalog (`GET /api/v1/models`, see
`toolkit.catalog`). A check reads the catalog from its `RuleContext` (None: `--no-models`,
or a payload that names no model) and names the catalog's date in its message, because
its verdict is only as fresh as the catalog (`ortk models refresh`). Errors are judged
on every model the request may fall back to, warnings on the first (`reading`); routers,
presets and unknown slugs are not judged.
"""
