"""lock_counter: 100 threads decrement a counter under a threading.Lock.

Python twin of scenarios/lock_counter.json for bench_python: the same work
with no sleeps (the lesson's 1 ms pause between read and write is virtual
time in `syncscope run --instant`). Read - compute - write is one critical
section, so no update is lost: the counter ends at 0.
"""
import threading

counter = 100
lock = threading.Lock()


def decrement():
    global counter
    with lock:
        c = counter
        counter = c - 1


threads = [threading.Thread(target=decrement) for _ in range(100)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert counter == 0, counter
print("counter =", counter)
