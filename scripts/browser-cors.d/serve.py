"""The page's origin for scripts/browser-cors.

Serves this folder on a free loopback port (written to PORT_FILE once bound)
and writes the JSON the page POSTs to /result into RESULT_FILE.

Usage: python3 serve.py PORT_FILE RESULT_FILE
"""

import functools
import http.server
import os
import sys

port_file, result_file = sys.argv[1], sys.argv[2]


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_POST(self):
        if self.path != "/result":
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        tmp = result_file + ".tmp"
        with open(tmp, "wb") as f:
            f.write(body)
        os.replace(tmp, result_file)  # whole or absent, for the waiting script
        self.send_response(204)
        self.end_headers()

    def log_message(self, fmt, *args):
        sys.stderr.write("page server: " + (fmt % args) + "\n")


directory = os.path.dirname(os.path.abspath(__file__))
server = http.server.ThreadingHTTPServer(
    ("127.0.0.1", 0), functools.partial(Handler, directory=directory)
)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
