"""Tickets: residents' enquiries and reports from intake to resolution."""
