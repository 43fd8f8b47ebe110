"""Officers calling next in a closed loop, and the checks that no call was lost or repeated.

Each officer is one thread with its own keep-alive connection (TCP_NODELAY) and bearer token,
at its own counter; the officers are spread over the client processes like the kiosks. An
officer sends POST /api/v1/counters/<id>/call-next, reads the called number from the answer,
and sends the next call at once (the call closes the previous ticket as a no-show).
"""

import json
import os
import resource
import sqlite3
import threading
import time

import bench_http


def _officer_loop(port, counter_id, token, count, start_at, stop_at, out):
    request = bench_http.build_request(
        "POST",
        f"/api/v1/counters/{counter_id}/call-next",
        port,
        headers={"Authorization": f"Bearer {token}"},
    )
    calls, errors, first_error, empty = [], 0, None, 0
    buffer, sock = bytearray(), None
    try:
        sock = bench_http.connect(port)
    except OSError:
        sock = None
    time.sleep(max(0.0, start_at - time.monotonic()))
    for _ in range(count):
        if time.monotonic() >= stop_at:
            break
        began = time.monotonic()
        try:
            if sock is None:
                sock = bench_http.connect(port)
            status, body = bench_http.exchange(sock, request, buffer)
        except OSError as error:
            status, body = 0, str(error).encode()
            if sock is not None:
                sock.close()
            sock = None
            buffer.clear()
        elapsed = time.monotonic() - began
        if status == 200:
            calls.append((json.loads(body)["ticket"]["number"], elapsed, began))
        elif status == 204:
            empty += 1  # nothing left to call at this counter: stop
            break
        else:
            errors += 1
            first_error = first_error or f"{status} {body[:200]!r}"
    if sock is not None:
        sock.close()
    out.append(
        {
            "counter": counter_id,
            "calls": calls,
            "errors": errors,
            "first_error": first_error,
            "empty": empty,
            "ended": time.monotonic(),
        }
    )


def officer_process(port, officers, counts, start_at, stop_at) -> dict:
    """Run one thread per officer (counter id, token) in this process."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    out: list[dict] = []
    threads = [
        threading.Thread(
            target=_officer_loop, args=(port, counter, token, count, start_at, stop_at, out)
        )
        for (counter, token), count in zip(officers, counts, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "pid": os.getpid(),
        "officers": out,
        "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
    }


def run_calls(pool, processes, port, officers, seconds, max_calls, probe=None, timeout=60.0):
    """Let the officers call for `seconds` or `max_calls` calls in all, whichever comes first."""
    per_officer = bench_http.split(max_calls, len(officers))
    procs = min(processes, len(officers))
    start_at = time.monotonic() + 0.3
    stop_at = start_at + seconds
    jobs, first = [], 0
    for size in bench_http.split(len(officers), procs):
        jobs.append(
            pool.apply_async(
                officer_process,
                (
                    port,
                    officers[first : first + size],
                    per_officer[first : first + size],
                    start_at,
                    stop_at,
                ),
            )
        )
        first += size
    before = None
    if probe is not None:
        time.sleep(max(0.0, start_at - time.monotonic()))
        before = probe()
    results = [job.get(timeout=timeout + seconds) for job in jobs]
    after = probe() if probe is not None else None
    each = [officer for result in results for officer in result["officers"]]
    calls = [call for officer in each for call in officer["calls"]]
    return {
        "officers": each,
        "ok": len(calls),
        "latencies": sorted(elapsed for _n, elapsed, _b in calls),
        "errors": sum(o["errors"] for o in each),
        "first_error": next((o["first_error"] for o in each if o["first_error"]), None),
        "empty": sum(o["empty"] for o in each),
        "seconds": max((o["ended"] for o in each), default=start_at) - start_at,
        "client_cpu_seconds": sum(r["cpu_seconds"] for r in results),
        "probe": (before, after),
    }


def check(run: dict, waiting_before: list[str]) -> dict:
    """Check the calls against the waiting line as it stood before them.

    Every counter serves every service and no ticket has priority, so first come, first served
    means: no number called twice (duplicates), each counter's numbers in the line's order
    (FCFS per counter), and the numbers called are exactly the front of the line (no skip).
    """
    called = [number for officer in run["officers"] for number, _e, _b in officer["calls"]]
    rank = {number: index for index, number in enumerate(waiting_before)}
    duplicates = len(called) - len(set(called))
    unknown = sum(1 for number in called if number not in rank)
    out_of_order = 0
    for officer in run["officers"]:
        ranks = [rank.get(number, -1) for number, _e, _b in officer["calls"]]
        out_of_order += sum(1 for a, b in zip(ranks, ranks[1:], strict=False) if b <= a)
    front = set(waiting_before[: len(set(called))])
    skipped = len(front - set(called))
    return {
        "called": len(called),
        "duplicates": duplicates,
        "unknown": unknown,
        "out_of_order": out_of_order,
        "skipped": skipped,
    }


def waiting_line(database_url: str) -> list[str]:
    """Read the waiting tickets' numbers in calling order straight from the database.

    Only to check the calls: the measured requests never read this way.
    """
    sql = (
        "SELECT number FROM ticket WHERE status = 'waiting' "
        "ORDER BY priority_rank DESC, queued_at, id"
    )
    if database_url.startswith("sqlite:///"):
        connection = sqlite3.connect(database_url[len("sqlite:///") :], timeout=10)
        try:
            return [row[0] for row in connection.execute(sql)]
        finally:
            connection.close()
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as connection:
        return [row[0] for row in connection.execute(sql)]
