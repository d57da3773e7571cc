"""barrier_runners: four runners wait for each other at a Barrier, twice.

Python twin of scenarios/barrier_runners.json, no sleeps (warming up and
running are virtual time in the lesson): nobody starts race N until all
four are at the line. 8 races finished.
"""
import threading

start_line = threading.Barrier(4)
finished = 0
lock = threading.Lock()  # the lesson's "add" is one step


def runner():
    global finished
    for race in range(2):
        start_line.wait()
        with lock:
            finished += 1


threads = [threading.Thread(target=runner) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert finished == 8, finished
print("races finished =", finished)
