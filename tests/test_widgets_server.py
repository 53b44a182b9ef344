"""bpcore.widgets.server: the class server's kernel websockets send each message at once (TCP_NODELAY),
so that a slider's picture does not wait for the browser's delayed ACK (benchmarks/bench_frame_cpu.py
measures what it saves)."""

import sys
from pathlib import Path
from unittest import mock

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
from traitlets.config.loader import PyFileConfigLoader

from bpcore.widgets.server import PromptConnection

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "classroom" / "hub"))
import local_hub  # noqa: E402


def test_nagle_is_off_before_the_connection_opens():
    calls = []
    handler = mock.create_autospec(KernelWebsocketHandler, instance=True)
    handler.set_nodelay.side_effect = lambda on: calls.append(("set_nodelay", on))
    with mock.patch.object(ZMQChannelsWebsocketConnection, "connect", lambda self: calls.append("connect")):
        PromptConnection(websocket_handler=handler).connect()
    assert calls == [("set_nodelay", True), "connect"]


def test_the_class_servers_use_it(tmp_path):
    local_hub.configure_environment(tmp_path, tmp_path / "exchange")
    config = PyFileConfigLoader("jupyter_server_config.py", str(tmp_path / "etc" / "jupyter")).load_config()
    assert config.ServerApp.kernel_websocket_connection_class == "bpcore.widgets.server.PromptConnection"
    # and Voilà's pages use the MathJax Voilà bundles (tests/test_hub.py sees their formulas typeset offline)
    assert config.ServerApp.tornado_settings == {"mathjax_url": None, "mathjax_config": None}
