"""Varnish (Debian's `varnish`, and `varnish-modules` for xkey) in front of app servers: the
VCL (varnish.vcl.template) and the command, for `make cluster` (--varnish-port) and
tests/production/test_varnish.py. The app servers purge it by key: set
CDN_PURGE_URLS=http://127.0.0.1:<port>/ in their environment."""

import shutil
import subprocess
from pathlib import Path

TEMPLATE = Path(__file__).with_name("varnish.vcl.template")


def varnishd():
    return shutil.which("varnishd") or "/usr/sbin/varnishd"


def write_vcl(work, app_ports):
    backends = "\n".join(
        f'backend app{port} {{ .host = "127.0.0.1"; .port = "{port}"; }}' for port in app_ports
    )
    directors = "\n".join(f"    apps.add_backend(app{port});" for port in app_ports)
    path = Path(work) / "varnish.vcl"
    path.write_text(TEMPLATE.read_text().format(backends=backends, directors=directors))
    return path


def start(work, port, app_ports, log):
    """varnishd in the foreground on 127.0.0.1:`port`, its state under `work`."""
    work = Path(work).resolve()
    vcl = write_vcl(work, app_ports)
    command = [
        varnishd(),
        "-F",  # foreground: the caller stops it
        "-j", "none",  # no jail: runs as whoever starts it, on loopback only
        "-n", str(work / "varnish"),
        "-a", f"127.0.0.1:{port}",
        "-T", "none",  # no management port
        "-f", str(vcl),
        "-s", "malloc,64m",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
