"""``flask tenants`` names a site by its slug, any of its hosts, or its label — the
first label of a host, as people say it ("xabacson") — and `list` prints all of them."""

from __future__ import annotations

from tests.factories import create_site
from tests.sites.helpers import tenant


def test_a_site_is_named_by_its_label_host_or_slug(app, province):
    create_site(app, "xabacson.langson", "Xã Bắc Sơn", parent=province,
                hosts=("xabacson.langson.localhost",))
    runner = app.test_cli_runner()

    by_label = runner.invoke(args=["tenants", "suspend", "xabacson", "--reason", "bảo trì"])
    assert by_label.exit_code == 0, by_label.output
    assert "Suspended Xã Bắc Sơn (xabacson.langson)" in by_label.output
    by_host = runner.invoke(args=["tenants", "resume", "XABACSON.langson.localhost."])
    assert by_host.exit_code == 0, by_host.output
    by_slug = runner.invoke(args=["tenants", "rename", "xabacson.langson",
                                  "--name", "Xã Bắc Sơn Mới", "--label", "xabacsonmoi"])
    assert by_slug.exit_code == 0, by_slug.output
    # the old host stays a redirect domain of the site, so its old label still names it
    again = runner.invoke(args=["tenants", "suspend", "xabacson"])
    assert again.exit_code == 0, again.output
    assert tenant(app, "xabacson.langson").host == "xabacsonmoi.langson.localhost"


def test_an_ambiguous_label_is_refused_with_the_candidates(app, province):
    district = create_site(app, "caoloc.langson", "Huyện Cao Lộc", "district",
                           parent=province, hosts=("caoloc.langson.localhost",))
    create_site(app, "songgiap.caoloc.langson", "Xã Song Giáp", parent=district,
                hosts=("songgiap.caoloc.langson.localhost",))
    create_site(app, "songgiap.langson", "Xã Song Giáp (mới)", parent=province,
                hosts=("songgiap.langson.localhost",))
    result = app.test_cli_runner().invoke(args=["tenants", "suspend", "songgiap"])
    assert result.exit_code == 1
    assert "songgiap.caoloc.langson" in result.output
    assert "songgiap.langson " in result.output or "songgiap.langson (" in result.output
    unknown = app.test_cli_runner().invoke(args=["tenants", "suspend", "khongco"])
    assert unknown.exit_code == 1 and "khongco" in unknown.output


def test_list_prints_slugs_and_hosts(app, province, two_sites):
    result = app.test_cli_runner().invoke(args=["tenants", "list"])
    assert result.exit_code == 0, result.output
    assert "xathongnhat.langson " in result.output
    assert "xathongnhat.langson.localhost" in result.output
    assert "also: english.langson.localhost" in result.output
    assert "3 sites" in result.output
