"""Extension objects created unbound; app.create_app binds them to an application."""

from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect
from peewee import DatabaseProxy

db = DatabaseProxy()
# Threading mode: eventlet is unmaintained and would be picked by autodetection if present.
socketio = SocketIO(async_mode="threading")
login_manager = LoginManager()
csrf = CSRFProtect()
