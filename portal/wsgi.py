"""WSGI entry point for gunicorn (`make serve`). It defaults to the production settings, which
refuse to start without a real SECRET_KEY and an explicit DATABASE_URL: a server started
without configuration fails loudly instead of running with the dev settings' public key."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()
