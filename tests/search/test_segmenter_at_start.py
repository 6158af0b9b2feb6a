"""The segmenter is built when the WSGI application is imported (server start), not on the first search,
and not merely because Django starts (tests, commands)."""

import os
import subprocess
import sys

from gongkai.search import tokens

CHECK = "from gongkai.search import tokens; print(tokens._tokenizer is not None)"


def _python(code: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.config.settings"}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                          timeout=120).stdout.strip()


def test_importing_the_wsgi_application_builds_the_segmenter():
    assert _python(f"import gongkai.config.wsgi; {CHECK}") == "True"


def test_starting_django_alone_does_not():
    assert _python(f"import django; django.setup(); {CHECK}") == "False"


def test_loading_twice_keeps_one_segmenter():
    tokens.load_segmenter()
    first = tokens._tokenizer
    tokens.load_segmenter()

    assert tokens._tokenizer is first is not None
