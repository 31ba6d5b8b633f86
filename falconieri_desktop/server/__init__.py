"""Gateway mode: ``falconieri serve``, a Falconieri-compatible server over the same core.

A PBX (NethVoice calls ``PUT /providers/:provider/:mac``) or a company's technicians share one set
of vendor credentials on a server. falconieri's README is the contract (``compat.py``,
``errors.py``); beyond it: client authentication (``auth.py``), check and deregister, batch jobs
(``jobs.py``), an OpenAPI document (``openapi.py``), JSON access logs, request size limits,
per-account concurrency shared by all requests (``service.py``) and graceful shutdown.

Layers: ``service``/``jobs``/``compat``/``auth`` know nothing of HTTP frameworks; ``asgi`` is
plain ASGI; only ``app`` (Starlette) and ``run`` (uvicorn) need the optional extra ``server``,
and nothing imports them at import time, so the desktop install does not carry them.
Qt is never imported here (import-linter contract in pyproject.toml).
"""
