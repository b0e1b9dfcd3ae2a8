#!/usr/bin/env python3
"""Save-to-reload latency of `boke serve`, next to a full `boke build` and `hugo server`.

Generates the shared benchmark corpus (../../../../shared/bench/gen_corpus.py, or --gen), starts
`boke serve` on it, then edits one post at a time and measures the time from the write to the
`reload` event on /__boke/events. Hugo, when found, gets the same edit on the same corpus, timed
from the write to its "Total in … ms" line (its rebuild, before its browser push).

    cargo build --release -p boke
    python3 crates/boke/benches/serve_reload.py --boke target/release/boke --posts 1000 10000

Edits are a few seconds apart, as a writer saves, so that the work left after one reload
(feeds, search index, mirrors) does not sit in the next measurement.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_GEN = os.path.normpath(os.path.join(HERE, "../../../../shared/bench/gen_corpus.py"))
DEFAULT_HUGO = "/opt/boke-peers/venv/lib/python3.11/site-packages/hugo/binaries/hugo"


def corpus(gen, engine, posts, out):
    if not os.path.isdir(os.path.join(out, "content", "posts")):
        args = ["python3", gen, "--engine", engine, "--posts", str(posts), "--out", out]
        if engine == "plain":
            args.append("--no-skeleton")
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    posts_dir = os.path.join(out, "content", "posts")
    names = sorted(n for n in os.listdir(posts_dir) if n.endswith(".md"))
    return [os.path.join(posts_dir, n) for n in names]


def edit(path, number):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"\n\n编辑第\d+次（\d+）。\n$", "\n", text)
    started = time.monotonic()
    with open(path, "w", encoding="utf-8") as f:
        # Unique every run: an edit that leaves the text as it was rightly reloads nothing.
        f.write(text + f"\n\n编辑第{number}次（{time.time_ns()}）。\n")
    return started


class Events:
    """Counts `reload` events on the server-sent event stream."""

    def __init__(self, host, port):
        self.times = []
        self.lock = threading.Condition()
        self.sock = socket.create_connection((host, port))
        self.sock.sendall(b"GET /__boke/events HTTP/1.1\r\nHost: bench\r\n\r\n")
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        buffer = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                return
            buffer += chunk
            while b"event: reload" in buffer:
                buffer = buffer.split(b"event: reload", 1)[1]
                with self.lock:
                    self.times.append(time.monotonic())
                    self.lock.notify_all()

    def wait(self, count, timeout=60):
        with self.lock:
            self.lock.wait_for(lambda: len(self.times) >= count, timeout)
            return self.times[count - 1] if len(self.times) >= count else None


def boke_serve(boke, site, files, edits, pause):
    process = subprocess.Popen(
        [boke, "serve", "--root", site, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    started = time.monotonic()
    address = None
    for line in process.stdout:
        if line.startswith("serving http://"):
            address = line.strip()[len("serving http://"):].rstrip("/")
            break
    startup = time.monotonic() - started
    host, port = address.rsplit(":", 1)
    events = Events(host, int(port))
    rebuilt = []
    threading.Thread(
        target=lambda: [rebuilt.append(l.strip()) for l in process.stdout], daemon=True
    ).start()
    latencies = []
    try:
        for i in range(edits):
            time.sleep(pause)
            path = files[(len(files) // 2 + i * 7) % len(files)]
            written = edit(path, i)
            seen = events.wait(i + 1)
            if seen is None:
                raise SystemExit(f"no reload event after editing {path}")
            latencies.append((seen - written) * 1000)
    finally:
        process.terminate()
        process.wait()
    return startup, latencies, rebuilt


def boke_build(boke, site, runs):
    """A full build from scratch: no build cache, no previous output."""
    import shutil
    times = []
    for _ in range(runs):
        shutil.rmtree(os.path.join(site, ".boke-cache"), ignore_errors=True)
        shutil.rmtree(site + "-public", ignore_errors=True)
        started = time.monotonic()
        subprocess.run([boke, "build", "--root", site, "--output", site + "-public"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.monotonic() - started)
    return statistics.median(times)


def hugo_server(hugo, site, files, edits, pause):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [hugo, "server", "--source", site, "--bind", "127.0.0.1", "--port", str(port),
         "--disableLiveReload=false", "--quiet=false"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines = []
    cond = threading.Condition()

    def read():
        for line in process.stdout:
            with cond:
                lines.append((time.monotonic(), line))
                cond.notify_all()

    threading.Thread(target=read, daemon=True).start()
    started = time.monotonic()
    with cond:
        cond.wait_for(lambda: any("Web Server is available" in l for _, l in lines), 600)
    startup = time.monotonic() - started
    latencies = []
    try:
        for i in range(edits):
            time.sleep(pause)
            path = files[(len(files) // 2 + i * 7) % len(files)]
            seen_before = len(lines)
            written = edit(path, i)
            with cond:
                ok = cond.wait_for(
                    lambda: any(re.search(r"Total in \d+ ms", l) for _, l in lines[seen_before:]), 120)
            if not ok:
                raise SystemExit("hugo did not rebuild")
            done = next(t for t, l in lines[seen_before:] if re.search(r"Total in \d+ ms", l))
            latencies.append((done - written) * 1000)
    finally:
        process.terminate()
        process.wait()
    return startup, latencies


def summary(values):
    values = sorted(values)
    return f"median {statistics.median(values):.0f} ms (min {values[0]:.0f}, max {values[-1]:.0f}, n={len(values)})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boke", default="target/release/boke")
    parser.add_argument("--hugo", default=DEFAULT_HUGO)
    parser.add_argument("--gen", default=DEFAULT_GEN)
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between edits")
    parser.add_argument("--work", default="/dev/shm/boke-bench-serve")
    args = parser.parse_args()
    for posts in args.posts:
        site = os.path.join(args.work, f"plain-{posts}")
        files = corpus(args.gen, "plain", posts, site)
        build = boke_build(args.boke, site, 3)
        startup, latencies, rebuilt = boke_serve(args.boke, site, files, args.edits, args.pause)
        print(f"{posts} posts: boke build {build:.2f} s; boke serve first build {startup:.2f} s; "
              f"save → reload event {summary(latencies)}")
        for line in rebuilt[-3:]:
            print("   ", line)
        if os.path.exists(args.hugo):
            hugo_site = os.path.join(args.work, f"hugo-{posts}")
            hugo_files = corpus(args.gen, "hugo", posts, hugo_site)
            startup, latencies = hugo_server(args.hugo, hugo_site, hugo_files, args.edits, args.pause)
            print(f"{posts} posts: hugo server first build {startup:.2f} s; "
                  f"save → rebuilt {summary(latencies)}")


if __name__ == "__main__":
    main()
