"""Users, roles, sessions, API tokens and the single place where access is decided."""
