"""The work of the four scheduling lessons (sched_fcfs, sched_rr,
sched_priority, sched_random), shared: their jobs and their check are the
same, since Python cannot choose the OS scheduler's policy (nor does
CPython's GIL follow one). Start A, B, C, D in their arrival order, each
takes the finish line (a Lock) and writes its place; check that the places
are 1..4, not which order the lesson's policy gives.
"""
import threading


def run():
    finish_line = threading.Lock()
    place = {}

    def job(name):
        with finish_line:
            place[name] = len(place) + 1

    threads = [threading.Thread(target=job, args=(n,)) for n in "ABCD"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(place.values()) == [1, 2, 3, 4], place
    print("places:", " ".join("%s=%d" % kv for kv in sorted(place.items())))
