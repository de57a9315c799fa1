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
    again = runner.invoke(args=["tenants", "suspend", "xabacson", "--reason", "sự cố"])
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


def test_an_immediate_suspension_from_the_cli_needs_a_reason(app, province, two_sites):
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["tenants", "suspend", "xathongnhat"])
    assert refused.exit_code == 1 and "needs a reason" in refused.output
    done = runner.invoke(args=["tenants", "suspend", "xathongnhat", "--reason", "sự cố",
                               "--until", "2099-01-01 08:00"])
    assert done.exit_code == 0, done.output
    from tests.factories import host_client
    down = host_client(app, "xathongnhat.langson.localhost").get("/")
    assert down.status_code == 503 and "01/01/2099 08:00" in down.text
    assert runner.invoke(args=["tenants", "resume", "xathongnhat"]).exit_code == 0
    assert host_client(app, "xathongnhat.langson.localhost").get("/").status_code == 200
    soon = runner.invoke(args=["tenants", "announce-suspension", "xathongnhat",
                               "--from", "2000-01-01 08:00", "--until", "2000-01-01 09:00"])
    assert soon.exit_code == 1 and "7 working days" in soon.output
