"""The JSON API (/api/v1): token auth only, errors as {"error": {"code", "message", "field"}}."""
