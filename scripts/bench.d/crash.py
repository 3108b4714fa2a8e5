#!/usr/bin/env python3
"""Crash durability: is every write the server acknowledged still there after
the server process dies without warning?

Why: Lotse answers 201 to a result upload and 200 to a consent change only
after the write is committed (SQLite with synchronous = FULL, PostgreSQL's
commit). A participant who saw "sent" must never lose the result, and a
consent they withdrew must stay withdrawn, even when the machine's process
dies mid-request. Unit tests cannot show that; this harness does it against
the release binary.

What: seeds a fresh database with `lotse bench seed` (participants with a live
session, every instrument released, the notice accepted), starts `lotse serve`
on it, and keeps several threads writing as those participants: result
uploads (POST /api/v1/results, each participant each instrument once) and
optional-consent changes (PUT /api/v1/consent). Every answer in 2xx is
recorded with what it acknowledged: participant + instrument for an upload,
participant + the consent event and state for a consent change. At a random
moment of each cycle the server gets SIGKILL, is restarted on the same
database, and the harness waits (polling, bounded) until GET /api/v1/health
answers; the writers go on. After the last cycle the writers stop, the server
stops, and the harness reads what is stored (`lotse bench stored`, through
the storage layer) and runs the database's integrity check (`lotse bench
integrity`: SQLite's PRAGMA integrity_check; on PostgreSQL amcheck's
bt_index_check on every index with its heap, "not available" without the
right to create that extension).

Two more faults, in the same run, with the same ledger:
- PostgreSQL gone (--postgres-crash): every other cycle stops PostgreSQL
  without a checkpoint (`pg_ctlcluster … stop -m immediate`), keeps it down for
  --pg-outage seconds while the writers go on, and starts it again. While it
  is gone Lotse must answer 503 with the error code `unavailable` (at least one
  such answer per outage: not a hang, not a 500), and it must acknowledge a
  write again within 5 s of PostgreSQL's return, without a restart.
- A full disk (--full-disk, SQLite): the data folder is a small tmpfs that the
  harness mounts (root, or sudo without a password; otherwise the fault is
  reported as not tried). Every fifth cycle, from the third, fills it to the
  last byte while the writers go on, until Lotse has answered 503
  `unavailable` (bounded), then frees the space; Lotse must acknowledge a
  write again within 5 s.

Prints cycles, acknowledged writes, lost writes (goal 0), the answers while
a fault lasted and the integrity result; exits 1 when an acknowledged write is
lost, the integrity check fails, any answer is a 5xx other than 503
`unavailable`, a fault went without a 503 or Lotse did not recover from it in
time, or nothing at all was acknowledged (a harness that writes nothing proves
nothing); 2 when the server does not come up. It kills the server process,
not the machine: the operating system's page cache survives, so a power cut
(fsync really reaching the disk) is not what this shows.

    crash.py --bin target/release/lotse [--cycles 20] [--postgres [--postgres-crash [--pg-outage 7]]]
             [--full-disk] [--threads 4]
             [--participants 8000] [--min-run 0.2] [--max-run 1.5] [--seed N]
             [--keep DIR]

--postgres: a fresh database in the cluster that PGHOST/PGPORT/PGUSER/
PGPASSWORD name (run inside `pg_virtualenv -t`), else SQLite in a scratch
folder. Python 3 standard library only.
"""

import argparse
import collections
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

CSRF_HEADER = "x-lotse-request"  # lotse_shared::api::CSRF_HEADER
START_TIMEOUT = 60.0  # seconds until the server prints its address
HEALTH_TIMEOUT = 60.0  # seconds until /api/v1/health answers after that
REQUEST_TIMEOUT = 30.0
RECOVERY_LIMIT = 5.0  # seconds from a fault's end to the next acknowledged write
FULL_DISK_WAIT = 20.0  # seconds a full disk may take to refuse a write
TMPFS_MIB = 256


class Server:
    """`lotse serve` on port 0; knows its current address."""

    def __init__(self, binary, env, log_path):
        self.binary = binary
        self.env = env
        self.log_path = log_path
        self.proc = None
        self.addr = None  # (host, port)
        self.up = threading.Event()
        self.restart_seconds = []

    def start(self):
        started = time.monotonic()
        log = open(self.log_path, "ab")
        offset = log.tell()
        self.proc = subprocess.Popen(
            [self.binary, "serve"], env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = started + START_TIMEOUT
        addr = None
        while addr is None:
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                m = re.search(rb"http://([0-9.]+):([0-9]+)", f.read())
            if m:
                addr = (m.group(1).decode(), int(m.group(2)))
            elif self.proc.poll() is not None:
                fail_start(self, "the server exited with %s" % self.proc.returncode)
            elif time.monotonic() > deadline:
                fail_start(self, "the server printed no address in %.0f s" % START_TIMEOUT)
            else:
                time.sleep(0.02)
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while not health(addr):
            if self.proc.poll() is not None:
                fail_start(self, "the server exited with %s" % self.proc.returncode)
            if time.monotonic() > deadline:
                fail_start(self, "/api/v1/health did not answer in %.0f s" % HEALTH_TIMEOUT)
            time.sleep(0.02)
        self.restart_seconds.append(time.monotonic() - started)
        self.addr = addr
        self.up.set()

    def kill(self):
        self.up.clear()
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.up.clear()
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def fail_start(server, why):
    sys.stderr.write("crash harness: %s; work folder %s kept; the server's log:\n"
                     % (why, os.path.dirname(server.log_path)))
    with open(server.log_path, "rb") as f:
        sys.stderr.write(f.read()[-4000:].decode(errors="replace"))
    if server.proc and server.proc.poll() is None:
        server.proc.kill()
    os._exit(2)


def health(addr):
    try:
        conn = http.client.HTTPConnection(addr[0], addr[1], timeout=2)
        conn.request("GET", "/api/v1/health")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def event_key(event):
    """What identifies a stored consent event (the notice hash is implied by its version)."""
    return (
        event["event"],
        event["notice_accepted"],
        event["agency_results"],
        event["job_matching"],
        event["notice_version"],
        event["channel"],
        event["at"],
    )


class Participant:
    def __init__(self, index, cookie, pid, instruments):
        self.index = index
        self.cookie = cookie
        self.id = pid
        self.pending = list(instruments)  # instruments not yet known to be stored
        self.state = None  # (agency_results, job_matching) last acknowledged
        self.in_doubt = False  # a consent change went unanswered after the last ack


class Writer(threading.Thread):
    """Writes as its own participants (so one participant's writes are in order)."""

    def __init__(self, server, participants, bodies, rng, stop, ledger):
        super().__init__(daemon=True)
        self.server = server
        self.participants = participants
        self.bodies = bodies
        self.rng = rng
        self.stop = stop
        self.ledger = ledger
        self.conn = None
        self.conn_addr = None

    def run(self):
        while not self.stop.is_set():
            if not self.server.up.wait(timeout=0.2):
                continue
            p = self.rng.choice(self.participants)
            if p.pending and self.rng.random() < 0.6:
                self.upload(p)
            else:
                self.consent(p)

    def request(self, method, path, p, body):
        addr = self.server.addr
        if self.conn is None or self.conn_addr != addr:
            if self.conn:
                self.conn.close()
            self.conn = http.client.HTTPConnection(addr[0], addr[1], timeout=REQUEST_TIMEOUT)
            self.conn_addr = addr
        try:
            self.conn.request(
                method,
                path,
                body=body.encode(),
                headers={
                    "Cookie": p.cookie,
                    "Content-Type": "application/json",
                    CSRF_HEADER: "1",
                },
            )
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            # Refused, reset or cut off: the server died (or is restarting).
            self.conn.close()
            self.conn = None
            return None, None

    def upload(self, p):
        instrument = self.rng.choice(p.pending)
        status, data = self.request("POST", "/api/v1/results", p, self.bodies[instrument])
        if status is None:
            self.ledger.unanswered("upload")
        elif 200 <= status < 300:
            p.pending.remove(instrument)
            self.ledger.ack_upload(p, instrument)
        elif status == 409:
            # Stored by a request whose answer the kill swallowed.
            p.pending.remove(instrument)
            self.ledger.other("upload 409 (stored by an earlier unanswered or failed attempt)")
        elif status >= 500:
            self.ledger.server_answer("upload", status, data)
        else:
            self.ledger.other("upload %s" % status)

    def consent(self, p):
        current = p.state or (False, False)
        choices = [(a, j) for a in (False, True) for j in (False, True) if (a, j) != current]
        wanted = self.rng.choice(choices)
        body = json.dumps({"agency_results": wanted[0], "job_matching": wanted[1]})
        status, data = self.request("PUT", "/api/v1/consent", p, body)
        if status is None:
            p.in_doubt = True
            self.ledger.unanswered("consent")
        elif 200 <= status < 300:
            answer = json.loads(data)
            history = [event_key(e) for e in answer["history"]]
            p.state = (answer["agency_results"], answer["job_matching"])
            p.in_doubt = False
            self.ledger.ack_consent(p, history)
        elif status >= 500:
            # The database went away mid-request: committed or not.
            p.in_doubt = True
            self.ledger.server_answer("consent", status, data)
        else:
            self.ledger.other("consent %s" % status)


class Ledger:
    """Every acknowledged write, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.uploads = []  # (participant index, instrument)
        # (participant index, history length, last event, its count in the history)
        self.consents = []
        self.unanswered_counts = collections.Counter()
        self.others = collections.Counter()
        self.phase = "running"  # or the fault that lasts: "postgres down", "disk full"
        self.unavailable = collections.Counter()  # 503 `unavailable` answers by phase
        self.server_errors = []  # every other 5xx: (phase, what, status, body)

    def set_phase(self, phase):
        with self.lock:
            self.phase = phase

    def server_answer(self, what, status, body):
        """A 5xx: fine only as 503 with the JSON error `unavailable`."""
        code = None
        try:
            code = json.loads(body)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            pass
        with self.lock:
            if status == 503 and code == "unavailable":
                self.unavailable[self.phase] += 1
            else:
                self.server_errors.append((self.phase, what, status, (body or b"")[:200]))

    def unavailable_in(self, phase):
        with self.lock:
            return self.unavailable[phase]

    def ack_upload(self, p, instrument):
        with self.lock:
            self.uploads.append((p.index, instrument))

    def ack_consent(self, p, history):
        last = history[-1]
        with self.lock:
            self.consents.append((p.index, len(history), last, history.count(last)))

    def unanswered(self, what):
        with self.lock:
            self.unanswered_counts[what] += 1

    def other(self, what):
        with self.lock:
            self.others[what] += 1

    def acked(self):
        with self.lock:
            return len(self.uploads) + len(self.consents)


def postgres_cluster():
    """(version, name) of the pg_virtualenv cluster."""
    out = subprocess.run(["pg_lsclusters", "-h"], check=True, capture_output=True, text=True).stdout
    fields = out.split()
    return fields[0], fields[1]


class Fault:
    """One fault of the run: how many 503s Lotse answered while it lasted,
    and the seconds from its end to the next acknowledged write."""

    def __init__(self, kind, unavailable, recovery):
        self.kind = kind
        self.unavailable = unavailable
        self.recovery = recovery


def recovered(server, ledger, what):
    """Seconds until the still running server acknowledges a write again
    (bounded; the fault has just ended, and `before` is taken by the caller)."""
    started = time.monotonic()
    before = ledger.acked()
    while ledger.acked() == before:
        if server.proc.poll() is not None:
            fail_start(server, "the server exited (%s) after %s" % (server.proc.returncode, what))
        if time.monotonic() - started > HEALTH_TIMEOUT:
            fail_start(server, "no write acknowledged within %.0f s after %s" % (HEALTH_TIMEOUT, what))
        time.sleep(0.02)
    return time.monotonic() - started


def crash_postgres(server, ledger, cluster, outage):
    """Stops PostgreSQL without a checkpoint, keeps it down for `outage`
    seconds while the writers go on, starts it again."""
    phase = "postgres down"
    subprocess.run(["pg_ctlcluster", *cluster, "stop", "-m", "immediate"], check=True,
                   capture_output=True)
    ledger.set_phase(phase)
    before = ledger.unavailable_in(phase)
    time.sleep(outage)
    subprocess.run(["pg_ctlcluster", *cluster, "start"], check=True, capture_output=True)
    ledger.set_phase("running")
    unavailable = ledger.unavailable_in(phase) - before
    return Fault(phase, unavailable, recovered(server, ledger, "PostgreSQL came back"))


def fill_disk(server, ledger, folder):
    """Fills the data folder's file system to the last byte, waits (bounded)
    until Lotse has refused a write for it, and frees the space again."""
    phase = "disk full"
    before = ledger.unavailable_in(phase)
    filler = os.path.join(folder, "filler")
    ledger.set_phase(phase)
    with open(filler, "wb", buffering=0) as f:
        for chunk in (1 << 20, 4096, 1):
            block = b"\0" * chunk
            try:
                while True:
                    f.write(block)
            except OSError:
                pass
    deadline = time.monotonic() + FULL_DISK_WAIT
    while ledger.unavailable_in(phase) == before and time.monotonic() < deadline:
        if server.proc.poll() is not None:
            fail_start(server, "the server exited (%s) on a full disk" % server.proc.returncode)
        time.sleep(0.05)
    # Lotse's own writes may still have taken a block freed by a rollback.
    os.remove(filler)
    ledger.set_phase("running")
    unavailable = ledger.unavailable_in(phase) - before
    return Fault(phase, unavailable, recovered(server, ledger, "the disk had space again"))


def as_root(*command):
    """Runs `command` as root: directly, or through `sudo -n`."""
    if os.geteuid() != 0:
        command = ("sudo", "-n", *command)
    return subprocess.run(command, capture_output=True, text=True)


def lotse(binary, env, *args):
    return subprocess.run(
        [binary, *args], env=env, check=False, capture_output=True, text=True
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.environ.get("LOTSE_BIN", "target/release/lotse"))
    ap.add_argument("--cycles", type=int, default=20)
    ap.add_argument("--postgres", action="store_true")
    ap.add_argument("--postgres-crash", action="store_true",
                    help="with --postgres: every other cycle crashes PostgreSQL instead")
    ap.add_argument("--pg-outage", type=float, default=7.0,
                    help="seconds PostgreSQL stays down (longer than the server's 5 s wait for a connection)")
    ap.add_argument("--full-disk", action="store_true",
                    help="SQLite: the data folder on a small tmpfs; every fifth cycle, from the third, fills it")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--participants", type=int, default=8000, help="seeded; three uploads each")
    ap.add_argument("--min-run", type=float, default=0.2, help="seconds of writes before a kill, at least")
    ap.add_argument("--max-run", type=float, default=1.5, help="and at most")
    ap.add_argument("--seed", type=int, default=None, help="random seed (printed)")
    ap.add_argument("--keep", default=None, help="work in DIR and keep it (else a scratch folder)")
    args = ap.parse_args()
    if args.postgres_crash and not args.postgres:
        ap.error("--postgres-crash needs --postgres")
    if args.full_disk and args.postgres:
        ap.error("--full-disk is for SQLite (its data folder is what fills up)")

    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    binary = os.path.abspath(args.bin)
    work = args.keep or tempfile.mkdtemp(prefix="lotse-crash.")
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, LOTSE_DATA_DIR=os.path.join(work, "data"), LOTSE_PORT="0", LOTSE_LOG="warn")
    label = "SQLite"
    if args.postgres:
        label = "PostgreSQL"
        name = "lotse_crash_%d" % os.getpid()
        subprocess.run(["createdb", name], check=True)
        env["LOTSE_DATABASE_URL"] = "postgres://%s:%s@%s:%s/%s" % (
            os.environ["PGUSER"], os.environ["PGPASSWORD"], os.environ["PGHOST"], os.environ["PGPORT"], name,
        )
    else:
        env.pop("LOTSE_DATABASE_URL", None)
    server = None
    mounted = None
    full_disk_skipped = None
    try:
        if args.full_disk:
            data = env["LOTSE_DATA_DIR"]
            os.makedirs(data, exist_ok=True)
            mount = as_root("mount", "-t", "tmpfs", "-o", "size=%dm,mode=0700" % TMPFS_MIB, "tmpfs", data)
            if mount.returncode == 0:
                mounted = data
            else:
                full_disk_skipped = "mounting a tmpfs needs root: %s" % (mount.stderr.strip() or mount.returncode)
        out = os.path.join(work, "seed")
        seeded = lotse(
            binary, env, "bench", "seed", "--participants", str(args.participants),
            "--counsellors", str(max(1, args.participants // 100)), "--out", out,
        )
        if seeded.returncode != 0:
            sys.stderr.write(seeded.stdout + seeded.stderr)
            sys.stderr.write("crash harness: `lotse bench seed` failed (%s)\n" % seeded.returncode)
            return 2

        def lines(name):
            with open(os.path.join(out, name)) as f:
                return [line.strip() for line in f if line.strip()]

        bodies = {json.loads(b)["instrument"]: b for b in lines("bodies.txt")}
        people = [
            Participant(i, cookie, pid, sorted(bodies))
            for i, (cookie, pid) in enumerate(zip(lines("participants.txt"), lines("ids.txt")))
        ]
        threads = max(1, args.threads)
        server = Server(binary, env, os.path.join(work, "server.log"))
        server.start()
        ledger = Ledger()
        stop = threading.Event()
        writers = [
            Writer(server, people[t::threads], bodies, random.Random(rng.random()), stop, ledger)
            for t in range(threads)
        ]
        started = time.monotonic()
        for w in writers:
            w.start()
        cluster = postgres_cluster() if args.postgres_crash else None
        faults = []
        kills = 0
        for cycle in range(args.cycles):
            time.sleep(rng.uniform(args.min_run, args.max_run))
            if cluster and cycle % 2 == 1:
                faults.append(crash_postgres(server, ledger, cluster, args.pg_outage))
            elif mounted and cycle % 5 == 2:
                faults.append(fill_disk(server, ledger, mounted))
            else:
                kills += 1
                server.kill()
                server.start()
        # Writes on the last restart too, then a clean stop.
        time.sleep(rng.uniform(args.min_run, args.max_run))
        stop.set()
        for w in writers:
            w.join(timeout=REQUEST_TIMEOUT + 5)
        server.stop()
        elapsed = time.monotonic() - started

        # What is stored, through the storage layer.
        stored = lotse(binary, env, "bench", "stored", "--ids", os.path.join(out, "ids.txt"))
        if stored.returncode != 0:
            sys.stderr.write(stored.stderr)
            sys.stderr.write("crash harness: `lotse bench stored` failed (%s)\n" % stored.returncode)
            return 2
        by_id = {}
        for line in stored.stdout.splitlines():
            row = json.loads(line)
            by_id[row["id"]] = row
        lost = []
        for index, instrument in ledger.uploads:
            p = people[index]
            if instrument not in by_id.get(p.id, {}).get("results", []):
                lost.append("upload: participant %s, %s" % (p.id, instrument))
        histories = {}
        for p in people:
            histories[p.index] = [event_key(e) for e in by_id.get(p.id, {}).get("consents", [])]
        for index, length, last, count in ledger.consents:
            history = histories[index]
            if len(history) < length or history.count(last) < count:
                lost.append(
                    "consent change: participant %s, event %s (the answer listed %d events, %d stored)"
                    % (people[index].id, last, length, len(history))
                )
        for p in people:
            # Nothing unanswered after the last acknowledged change: the
            # stored state must be that one.
            if p.state is not None and not p.in_doubt:
                history = histories[p.index]
                now = (history[-1][2], history[-1][3]) if history else None
                if now != p.state:
                    lost.append(
                        "consent state: participant %s, acknowledged %s, stored %s" % (p.id, p.state, now)
                    )

        integrity = lotse(binary, env, "bench", "integrity")
        integrity_text = (integrity.stdout.strip() or integrity.stderr.strip()).replace("\n", "; ")
        integrity_ok = integrity.returncode == 0

        restarts = sorted(server.restart_seconds[1:])
        acked = len(ledger.uploads) + len(ledger.consents)
        print("Crash durability on %s (SIGKILL at random moments, %d writer threads, seed %d):" % (label, threads, seed))
        kinds = collections.Counter(f.kind for f in faults)
        print("  cycles:                   %d in %.1f s (%d server kills%s)"
              % (args.cycles, elapsed, kills,
                 "".join(", %d %s" % (n, kind) for kind, n in sorted(kinds.items()))))
        if restarts:
            print("  restart until healthy:    median %.2f s, max %.2f s"
                  % (restarts[len(restarts) // 2], restarts[-1]))
        fault_failures = []
        for kind in sorted(kinds):
            these = [f for f in faults if f.kind == kind]
            times = sorted(f.recovery for f in these)
            print("  %s: 503 `unavailable` answers while it lasted %s; back to the next acknowledged write: median %.2f s, max %.2f s"
                  % (kind, "/".join(str(f.unavailable) for f in these), times[len(times) // 2], times[-1]))
            for f in these:
                if f.unavailable == 0:
                    fault_failures.append("%s: no 503 answer while it lasted" % kind)
                if f.recovery > RECOVERY_LIMIT:
                    fault_failures.append("%s: %.2f s to recover (limit %.0f s)" % (kind, f.recovery, RECOVERY_LIMIT))
        if full_disk_skipped:
            print("  full disk:                not tried (%s)" % full_disk_skipped)
        print("  acknowledged writes:      %d (%d uploads, %d consent changes)"
              % (acked, len(ledger.uploads), len(ledger.consents)))
        print("  unanswered (cut by kill): %d (%s)" % (
            sum(ledger.unanswered_counts.values()),
            ", ".join("%s %d" % kv for kv in sorted(ledger.unanswered_counts.items())) or "none"))
        if ledger.others:
            print("  other answers:            %s" % ", ".join("%s: %d" % kv for kv in sorted(ledger.others.items())))
        print("  lost writes:              %d" % len(lost))
        for line in lost[:20]:
            print("    LOST " + line)
        print("  other 5xx answers:        %d" % len(ledger.server_errors))
        for phase, what, status, body in ledger.server_errors[:10]:
            print("    5xx %s %s while %s: %s" % (what, status, phase, body.decode(errors="replace")))
        for line in fault_failures:
            print("    FAULT " + line)
        print("  integrity check:          %s" % integrity_text)
        if lost or not integrity_ok or ledger.server_errors or fault_failures:
            return 1
        if not ledger.uploads or not ledger.consents:
            print("  nothing acknowledged for uploads or consent changes: the harness proved nothing")
            return 1
        return 0
    finally:
        if server:
            server.stop()
        if mounted:
            as_root("umount", mounted)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        if args.postgres:
            subprocess.run(["dropdb", "--if-exists", "lotse_crash_%d" % os.getpid()], check=False)


if __name__ == "__main__":
    sys.exit(main())
