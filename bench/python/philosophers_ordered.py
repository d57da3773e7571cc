"""philosophers_ordered: five philosophers, forks always taken in number
order (the last one takes fork 1 before fork 5): no cycle, no deadlock.

Python twin of scenarios/philosophers_ordered.json, no sleeps. 3 meals
each: meals 15.
"""
import threading

N = 5
forks = [threading.Lock() for _ in range(N)]
meals = 0
lock = threading.Lock()


def philosopher(i):
    global meals
    a, b = sorted((i, (i + 1) % N))
    for _ in range(3):
        with forks[a]:
            with forks[b]:
                with lock:
                    meals += 1


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert meals == 15, meals
print("meals =", meals)
