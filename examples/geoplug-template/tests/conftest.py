"""The kit's fixtures (``http_root``, ``http_server``) for every test of this plugin."""

pytest_plugins = ["geoplug.core.testing.fixtures"]
