"""Rate limits for programs: how many writes an API token or an Open311 key may send a minute (issue 18, defect 12).
People at the service's pages have their own limits (sign-in delays, residents' reports per address)."""
