"""Extension objects created unbound; app.create_app binds them to an application."""

from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect
from peewee import DatabaseProxy

from reception.rate_limits import RateLimits

db = DatabaseProxy()
# Threading mode: eventlet is unmaintained and would be picked by autodetection if present.
socketio = SocketIO(async_mode="threading")
login_manager = LoginManager()
csrf = CSRFProtect()
# Attempt counters (sign-ins, bookings, petitions); no request pays for a check it does not need.
rate_limits = RateLimits()
