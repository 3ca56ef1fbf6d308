"""Notices for staff inside CCT (e.g. "ticket overdue" for supervisors), shown on their home page."""
