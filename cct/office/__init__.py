"""The office's calendar as administrators keep it: weekly office hours (over [office_hours]) and extra days off
(a day given in exchange for a holiday that falls on a Saturday, a day the office is closed by order). Every clock
that counts in office hours reads them through cct.office_calendar."""
