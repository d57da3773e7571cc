"""sched_priority: scheduling: preemptive priority. Four jobs (A 595 ms, B 195, C 95,
D 295 of computing) on one CPU; each records its finishing place.

Python twin of scenarios/sched_priority.json, no sleeps. Python cannot choose
the OS scheduler's policy (nor does CPython's GIL follow one), so the
script does the same work - start A, B, C, D in their arrival order, each
takes the finish line (a Lock) and writes its place - and checks that the
places are 1..4, not which order the lesson's policy gives.
"""
import threading

finish_line = threading.Lock()
finished = 0
place = {}


def job(name):
    global finished
    with finish_line:
        finished += 1
        place[name] = finished


threads = [threading.Thread(target=job, args=(n,)) for n in "ABCD"]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert finished == 4 and sorted(place.values()) == [1, 2, 3, 4], place
print("places:", " ".join("%s=%d" % kv for kv in sorted(place.items())))
