# Runs sipvicious svcrack from one source address:
#   <svcrack's interpreter> svcrack_from.py <path of svcrack> <ip> <svcrack args…>
# svcrack 0.3.3 accepts -b but never passes it on (it always binds to every address), so on
# loopback its packets leave from 127.0.0.1. This patches socket.bind to the given address.
import os
import runpy
import socket
import sys

script = sys.argv.pop(1)
source = sys.argv.pop(1)
_bind = socket.socket.bind


def bind(self, address):
    if address[0] in ('', '0.0.0.0'):
        address = (source,) + tuple(address[1:])
    return _bind(self, address)


socket.socket.bind = bind
sys.argv[0] = 'svcrack'
# As when svcrack runs itself: its real folder first on the path (where its package metadata is).
sys.path[0] = os.path.dirname(os.path.realpath(script))
runpy.run_path(script, run_name='__main__')
