from tests.tickets.conftest import city, city_app  # noqa: F401 - the fixtures, for the tests here that need the city
