"""Configuration is read once, from PORTAL_* variables, and the README documents them."""

from pathlib import Path

from config import SETTINGS, load_config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_portal_variable_is_documented_in_the_readme():
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in README]
    assert missing == []


def test_environment_overrides_defaults():
    config = load_config({"PORTAL_BASE_DOMAIN": "langson.gov.vn", "PORTAL_MAIL_PORT": "25",
                          "PORTAL_SECURE_COOKIES": "true", "PORTAL_SECRET_KEY": "k"})
    assert config["BASE_DOMAIN"] == "langson.gov.vn"
    assert config["MAIL_PORT"] == 25
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SECRET_KEY"] == "k"


def test_the_migration_url_defaults_to_the_app_url():
    config = load_config({"PORTAL_DATABASE_URL": "sqlite:////tmp/x.sqlite3",
                          "PORTAL_SECRET_KEY": "k"})
    assert config["MIGRATION_DATABASE_URL"] == "sqlite:////tmp/x.sqlite3"


def test_session_cookies_are_host_only():
    assert load_config({"PORTAL_SECRET_KEY": "k"})["SESSION_COOKIE_DOMAIN"] is None
