"""Extension objects created unbound; app.create_app binds them to an application."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect
from peewee import DatabaseProxy

db = DatabaseProxy()
# Threading mode: eventlet is unmaintained and would be picked by autodetection if present.
socketio = SocketIO(async_mode="threading")
login_manager = LoginManager()
csrf = CSRFProtect()
# No limits on routes: reception.signin counts failed sign-ins through its strategy and storage.
limiter = Limiter(key_func=get_remote_address)
