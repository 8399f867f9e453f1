"""Starts librdkafka's mock Kafka cluster and keeps it alive for a Node.js parent.

Prints the brokers' bootstrap servers (host:port,...) as the first stdout line, then lives
until SIGTERM/SIGINT arrives or its parent process is gone (so a parent that dies takes the
cluster with it). Standard input is not read: it may be closed, a terminal, or /dev/null.
Run with Debian's /usr/bin/python3 (python3-confluent-kafka); the argument is the broker count.
"""
import os
import signal
import sys
import threading

from confluent_kafka import Producer


def main() -> int:
    brokers = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    # The mock cluster lives inside this client; its brokers listen on loopback ports.
    client = Producer({"test.mock.num.brokers": brokers, "log_level": 3})
    metadata = client.list_topics(timeout=10)
    bootstrap = ",".join(
        f"{b.host}:{b.port}" for b in sorted(metadata.brokers.values(), key=lambda b: b.id)
    )
    print(bootstrap, flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    parent = os.getppid()
    # A dead parent's children are adopted by another process: the parent id changes.
    while not stop.wait(0.5):
        if os.getppid() != parent:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
