#!/usr/bin/python3
# SPDX-License-Identifier: AGPL-3.0-or-later
# tests/http/smtp_sink.py: a local SMTP server for the mail tests, built on
# Debian's python3-aiosmtpd.  Every message received is saved, byte for
# byte as it came after DATA, to DIR/N.eml, with its envelope (MAIL FROM,
# RCPT TO) in DIR/N.json; each file appears whole (written then renamed).
# Usage: smtp_sink.py PORT DIR    (prints "ready" once it accepts mail)
import asyncio
import json
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        stem = os.path.join(self.folder, '%d-%d' % (os.getpid(), self.count))
        with open(stem + '.json.tmp', 'w', encoding='utf-8') as f:
            json.dump({'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos}, f)
        os.rename(stem + '.json.tmp', stem + '.json')
        with open(stem + '.eml.tmp', 'wb') as f:
            f.write(envelope.original_content)
        os.rename(stem + '.eml.tmp', stem + '.eml')
        return '250 Message accepted for delivery'


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Sink(folder), hostname='127.0.0.1', port=port)
    controller.start()
    print('ready', flush=True)
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == '__main__':
    main()
