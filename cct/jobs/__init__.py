"""Background jobs: a table in the database (the outbox) and workers that claim and run due jobs."""
