"""City units: the organisation that tickets are routed to and that owns knowledge articles."""
