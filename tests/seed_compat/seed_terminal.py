# SPDX-License-Identifier: GPL-3.0-or-later
"""Behaves as the original Python UDP terminal did, for compatibility tests."""
import socket
import sys
import threading


def show_incoming(sock):
    while True:
        text = sock.recv(65536).decode('utf-8')
        fields = text.split('____')
        if len(fields) > 2:
            print('%s went offline' % fields[0], flush=True)
        else:
            print('%s sent %s' % (fields[0], fields[1]), flush=True)


def main():
    hub = (sys.argv[1], int(sys.argv[2]))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(('127.0.0.1', 0))
    print('ready as %s:%d' % sock.getsockname(), flush=True)
    threading.Thread(target=show_incoming, args=(sock,), daemon=True).start()
    for line in sys.stdin:
        text = line.rstrip('\n')
        sock.sendto(text.encode('utf-8'), hub)
        if text == 'quit':
            break
    sock.close()


main()
