from tests.tickets.conftest import city  # noqa: F401 - the fixture, for the tests here that need the city's units
