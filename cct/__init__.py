"""CCT — the contact-centre system of the Department of Social Communication, Białystok City Hall."""

__version__ = "0.1.0"
