import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
application = get_wsgi_application()

# The search segmenter takes about a second to build: build it at start (before gunicorn forks its
# workers when it preloads), not during the first search.
from gongkai.search.tokens import load_segmenter  # noqa: E402

load_segmenter()
