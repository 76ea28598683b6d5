# SPDX-License-Identifier: GPL-3.0-or-later
"""Behaves as the original Python TCP customer client did, for compatibility tests."""
import socket
import sys
import threading


def show_incoming(sock):
    # No framing: one recv is taken as one message, however many lines it holds.
    while True:
        data = sock.recv(1024)
        if not data:
            print('connection closed', flush=True)
            return
        print(data.decode('utf-8', errors='replace'), flush=True)


def main():
    sock = socket.create_connection((sys.argv[1], int(sys.argv[2])))
    print('connected as %s:%d' % sock.getsockname()[:2], flush=True)
    threading.Thread(target=show_incoming, args=(sock,), daemon=True).start()
    for line in sys.stdin:
        text = line.rstrip('\n')
        sock.send(text.encode('utf-8'))  # one write, no line ending
        if text == 'quit':
            break
    sock.close()


main()
