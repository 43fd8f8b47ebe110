"""The reception settings of the app serving this request, for views to pass to the core."""

from flask import current_app

from reception.config import Settings


def app_settings() -> Settings:
    """Return the Settings create_app built for the current app."""
    return Settings.of(current_app)
