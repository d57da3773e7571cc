"""queue_joinable_workers: a boss puts nine jobs on a joinable Queue and
join()s it; three daemon workers take jobs and call task_done().

Python twin of scenarios/queue_joinable_workers.json, no sleeps (queue.Queue
is joinable). join() returns once every job is done; the workers, daemons,
are still waiting for more when the program ends. done 9.
"""
import queue
import threading

jobs = queue.Queue()
done = 0
lock = threading.Lock()


def worker():
    global done
    while True:
        jobs.get()
        with lock:
            done += 1
        jobs.task_done()


for _ in range(3):
    threading.Thread(target=worker, daemon=True).start()
for i in range(1, 10):
    jobs.put("job %d" % i)
jobs.join()
assert done == 9, done
print("all nine jobs done: done =", done)
