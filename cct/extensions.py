"""Flask extension objects, created unbound; the app factory binds them.

Talisman is not here: it keeps its settings on the object, not per app, so each app gets its own."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
