"""The demo province (Lạng Sơn) for `make run`."""
