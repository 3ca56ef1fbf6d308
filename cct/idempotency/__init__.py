"""Idempotency-Key for requests that create something (a ticket from the API or from an Open311 app): a client that
retries after a lost answer gets the first answer again instead of a duplicate (issue 18, defect 11)."""
