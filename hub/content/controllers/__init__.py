"""Handlers of content's staff screens: items (``items``), their revisions
(``revisions``) and files (``files``)."""
