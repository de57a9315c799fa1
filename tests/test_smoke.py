from tests.factories import host_client


def test_two_sub_site_hosts_show_two_different_sites(app, two_sites):
    a, b = two_sites
    page_a = host_client(app, "sokhcn.langson.localhost").get("/healthz")
    assert page_a.status_code == 200
