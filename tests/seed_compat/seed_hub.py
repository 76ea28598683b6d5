# SPDX-License-Identifier: GPL-3.0-or-later
"""Behaves as the original Python UDP hub did, for compatibility tests."""
import socket
import sys


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    hub = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    hub.bind((host, port))
    print('listening on %s:%d' % hub.getsockname(), flush=True)
    members = []
    while True:
        payload, sender = hub.recvfrom(1024)
        text = payload.decode('utf-8')
        if sender not in members:
            members.append(sender)
            print('%s first time in the chat, members now %d' % (sender, len(members)), flush=True)
        if text == 'quit':
            members.remove(sender)
            outgoing = '%s____下线了😯____qq' % (sender,)
        else:
            outgoing = '%s____%s' % (sender, text)
        for member in members:
            if member != sender:
                hub.sendto(outgoing.encode('utf-8'), member)


main()
