"""The Jupyter server's side of the widgets: a kernel websocket that sends each message at once.

jupyter_server leaves Nagle's algorithm on for a kernel's websocket.  A slider's move then reaches the browser
as the kernel's "busy" at once and the rest of the frame (the new picture, "idle") only after the browser's
delayed ACK of the first, about 40 ms later on Linux: a lone student's frame took 48 ms where its work takes
14 (benchmarks/bench_frame_cpu.py).  A server configured with

    c.ServerApp.kernel_websocket_connection_class = "bpcore.widgets.server.PromptConnection"

(the class server's, classroom/hub/local_hub.py) turns Nagle off on each kernel's websocket (TCP_NODELAY).
"""

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class PromptConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, with TCP_NODELAY set on its socket."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()
