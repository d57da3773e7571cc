"""lifecycle_join_timeout: join(timeout) gives up on a slow thread; join()
waits for good.

Python twin of scenarios/lifecycle_join_timeout.json, no sleeps: the
worker's slow job waits on an Event (instead of 5 s) that main sets after
its join(timeout=0) gave up (instead of timeout=1). gave_up 1, results 1.
"""
import threading

gave_up = 0
results = 0
job_may_end = threading.Event()


def worker():
    global results
    job_may_end.wait()  # "slow job"
    results += 1


w = threading.Thread(target=worker)
w.start()
w.join(timeout=0)
if w.is_alive():
    gave_up += 1  # still running: doing something else
job_may_end.set()
w.join()
assert (gave_up, results) == (1, 1), (gave_up, results)
print("gave up =", gave_up, "results =", results)
