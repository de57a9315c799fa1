"""WSGI entry point: ``gunicorn wsgi:app`` (see gunicorn.conf.py)."""

from hub import create_app

app = create_app()
