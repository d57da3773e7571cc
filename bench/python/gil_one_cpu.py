"""gil_one_cpu: two threads each "compute for 1 s", then count themselves done.

Python twin of scenarios/gil_one_cpu.json. In the lesson the computing is
virtual time (with --instant no CPU is burnt), so here it is too: no work,
no sleeps, two threads and a shared count. (With real CPU work, CPython's
GIL would run the two one after the other on any number of CPUs, which is
what the lesson shows.) done 2.
"""
import threading

done = 0
lock = threading.Lock()


def cruncher():
    global done
    with lock:
        done += 1


threads = [threading.Thread(target=cruncher) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert done == 2, done
print("done =", done)
