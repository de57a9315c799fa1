"""``flask users ...``: accounts created, given roles and disabled from the shell."""

from __future__ import annotations

from tests.accounts.conftest import A_HOST, audit, fetch_user, memberships, site_client
from tests.factories import create_user, login

GOOD_PASSWORD = "một-mật-khẩu-dài-2026"


def run(app, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["users", *args], input=input)


def test_create_an_account_with_a_hub_role(app, site_a):
    result = run(app, "create", "Chanh.VP@LangSon.gov.vn", "--name", "Vũ Văn Chánh",
                 "--password", GOOD_PASSWORD, "--hub-role", "hub_admin")
    assert result.exit_code == 0, result.output
    user = fetch_user(app, "chanh.vp@langson.gov.vn")
    assert user.display_name == "Vũ Văn Chánh" and user.hub_role.value == "hub_admin"
    assert user.password_hash and GOOD_PASSWORD not in user.password_hash
    created = audit(app, "user.created")
    assert len(created) == 1 and created[0].tenant_id is None
    assert created[0].actor_label.startswith("cli")
    assert login(site_client(app, A_HOST), "chanh.vp@langson.gov.vn",
                 GOOD_PASSWORD).status_code == 302


def test_the_password_is_asked_for_when_not_given(app):
    result = run(app, "create", "lan@sokhcn.gov.vn", "--name", "Lan",
                 input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert GOOD_PASSWORD not in result.output
    assert fetch_user(app, "lan@sokhcn.gov.vn").hub_role is None


def test_bad_input_writes_nothing(app, site_a):
    create_user(app, "lan@sokhcn.gov.vn")
    cases = [
        (("create", "lan@sokhcn.gov.vn", "--name", "Lan", "--password", GOOD_PASSWORD),
         "Đã có tài khoản"),
        (("create", "new@sokhcn.gov.vn", "--name", "New", "--password", "short"),
         "ít nhất 10 ký tự"),
        (("create", "not-an-email", "--name", "X", "--password", GOOD_PASSWORD),
         "không phải là địa chỉ thư điện tử hợp lệ"),
        (("grant", "lan@sokhcn.gov.vn", "no.such.site", "editor"), "Không có trang no.such.site"),
        (("grant", "nobody@sokhcn.gov.vn", "sokhcn.langson", "editor"), "Không có tài khoản nào"),
        (("revoke", "lan@sokhcn.gov.vn", "sokhcn.langson", "editor"), "không có vai trò editor"),
        (("grant", "lan@sokhcn.gov.vn", "sokhcn.langson", "superuser"), "Invalid value"),
        (("disable", "nobody@sokhcn.gov.vn"), "Không có tài khoản nào"),
    ]
    for args, message in cases:
        result = run(app, *args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
    assert audit(app) == []
    assert memberships(app, "lan@sokhcn.gov.vn") == set()


def test_grant_and_revoke_a_role_on_a_site(app, two_sites):
    site_a, _site_b = two_sites
    lan = create_user(app, "lan@sokhcn.gov.vn")
    result = run(app, "grant", "lan@sokhcn.gov.vn", "sokhcn.langson", "site_admin")
    assert result.exit_code == 0, result.output
    assert memberships(app, "lan@sokhcn.gov.vn") == {(site_a.id, "site_admin")}
    granted = audit(app, "membership.granted")
    assert len(granted) == 1 and granted[0].tenant_id == site_a.id
    assert granted[0].detail == {"user_id": lan.id, "email": "lan@sokhcn.gov.vn",
                                 "role": "site_admin"}

    assert run(app, "grant", "lan@sokhcn.gov.vn", "sokhcn.langson",
               "site_admin").exit_code != 0
    # The office may remove even a site's last administrator.
    result = run(app, "revoke", "lan@sokhcn.gov.vn", "sokhcn.langson", "site_admin")
    assert result.exit_code == 0, result.output
    assert memberships(app, "lan@sokhcn.gov.vn") == set()
    revoked = audit(app, "membership.revoked")
    assert len(revoked) == 1 and revoked[0].tenant_id == site_a.id


def test_a_disabled_account_keeps_its_history_but_cannot_log_in(app, site_a):
    create_user(app, "lan@sokhcn.gov.vn", {site_a: "editor"})
    login(site_client(app, A_HOST), "lan@sokhcn.gov.vn")
    result = run(app, "disable", "lan@sokhcn.gov.vn")
    assert result.exit_code == 0, result.output
    assert fetch_user(app, "lan@sokhcn.gov.vn").is_enabled is False
    assert login(site_client(app, A_HOST), "lan@sokhcn.gov.vn").status_code == 401
    actions = [entry.action for entry in audit(app)]
    assert actions == ["login.succeeded", "user.disabled", "login.failed"]
    assert memberships(app, "lan@sokhcn.gov.vn") == {(site_a.id, "editor")}
    assert run(app, "disable", "lan@sokhcn.gov.vn").exit_code != 0


def test_list_shows_accounts_and_their_roles(app, two_sites):
    site_a, site_b = two_sites
    create_user(app, "lan@sokhcn.gov.vn", {site_a: ["editor", "approver"], site_b: "editor"},
                display_name="Trần Thị Lan")
    create_user(app, "office@langson.gov.vn", hub_role="hub_auditor")
    result = run(app, "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("lan@sokhcn.gov.vn\tTrần Thị Lan\t-\t")
    assert "sokhcn.langson:approver" in lines[0] and "xathongnhat.langson:editor" in lines[0]
    assert lines[1] == "office@langson.gov.vn\toffice\thub_auditor\t-"
