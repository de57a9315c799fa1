"""The nginx site of ``deploy/nginx`` rendered for a run on loopback, shared by
``tests/deploy/test_nginx.py`` and ``python -m bench.portal --nginx``: what an operator
installs is what is tested and measured, only its paths, listen lines, upstream and
certificate rewritten (with no certificate, the TLS server listens in plain HTTP and its
``ssl_*`` lines are dropped: the benchmark measures the cache, not the handshakes).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "portal.conf"
PARAMS = ROOT / "deploy" / "nginx" / "proxy_params.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def render(folder: Path, app_port: int, main_port: int, redirect_port: int, *,
           certificate: tuple[Path, Path] | None = None, workers: int = 1,
           connections: int = 64, extra: str = "") -> Path:
    """Write ``nginx.conf`` (and the site and its proxy parameters) into ``folder`` and
    return its path: the site's main server on ``main_port`` (TLS with ``certificate``,
    a (chain, key) pair, else plain HTTP), its redirect server on ``redirect_port``, the
    application at ``app_port``, the cache and temporary files in ``folder``. ``extra``
    is added to the ``http`` block (another server, say)."""
    (folder / "proxy_params.conf").write_text(PARAMS.read_text())
    site = (SITE.read_text()
            .replace("/srv/portal/deploy/nginx/proxy_params.conf",
                     str(folder / "proxy_params.conf"))
            .replace("/srv/portal/", f"{ROOT}/")
            .replace("/var/cache/nginx/portal", str(folder / "cache"))
            .replace("server 127.0.0.1:8000", f"server 127.0.0.1:{app_port}")
            .replace("listen [::]:443 ssl http2;", "")
            .replace("listen 80;", f"listen 127.0.0.1:{redirect_port};")
            .replace("listen [::]:80;", ""))
    if certificate:
        chain, key = certificate
        site = (site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{main_port} ssl http2;")
                .replace("/etc/letsencrypt/live/langson.gov.vn/fullchain.pem", str(chain))
                .replace("/etc/letsencrypt/live/langson.gov.vn/privkey.pem", str(key)))
    else:
        site = re.sub(r"\n\s*ssl_\w+ [^;]*;", "",
                      site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{main_port};"))
    if site.count(f"127.0.0.1:{main_port}") != 1:
        raise ValueError("the deploy site's listen lines changed")
    (folder / "portal.conf").write_text(site)
    main = folder / "nginx.conf"
    # Run as root (a container), nginx's workers would become "nobody", who cannot write
    # the run's folders: keep them as the user running it.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    main.write_text(f"""
{user}
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
daemon off;
worker_processes {workers};
events {{ worker_connections {connections}; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/portal.conf;
    {extra}
}}
""")
    return main
