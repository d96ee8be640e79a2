"""A real SMTP server for tests/tests/mail.rs (aiosmtpd, from scripts/bootstrap's venv).

    python smtp_sink.py PORT DIRECTORY

Listens on 127.0.0.1:PORT and writes every message it accepts to DIRECTORY as one JSON file
(written to a temporary name, then renamed, so a reader never sees half a file): the envelope's
recipients, the subject, the plain-text body, and each text/calendar part with its `method`
parameter, all decoded. Prints `ready` when it listens; ends on SIGTERM or SIGINT.
"""

import email
import email.policy
import json
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class JsonDirectory:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = ""
        calendars = []
        for part in message.walk():
            if part.is_multipart():
                continue
            kind = part.get_content_type()
            if kind == "text/plain" and not text:
                text = part.get_content()
            elif kind == "text/calendar":
                calendars.append(
                    {
                        "method": part.get_param("method", header="content-type"),
                        "filename": part.get_filename(),
                        "content": part.get_content(),
                    }
                )
        record = {
            "to": list(envelope.rcpt_tos),
            "from": envelope.mail_from,
            "subject": str(message["subject"]),
            "text": text,
            "calendars": calendars,
        }
        with self.lock:
            self.count += 1
            number = self.count
        name = os.path.join(self.directory, f"{os.getpid()}-{number:05d}.json")
        with open(name + ".tmp", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        os.rename(name + ".tmp", name)
        return "250 OK"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    controller = Controller(JsonDirectory(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
