"""philosophers_deadlock: five philosophers each pick up the left fork, then
the right one.

Python twin of scenarios/philosophers_deadlock.json, no sleeps. A Barrier
gives the lesson's interleaving (everyone holds the left fork before anyone
reaches for the right); the right fork is tried without blocking instead of
hanging: all five would wait for ever, meals 0.
"""
import threading

N = 5
forks = [threading.Lock() for _ in range(N)]
all_hold_left = threading.Barrier(N)
meals = 0
waiting = []
lock = threading.Lock()


def philosopher(i):
    global meals
    left, right = forks[i], forks[(i + 1) % N]
    for _ in range(3):
        with left:
            all_hold_left.wait()
            if not right.acquire(blocking=False):
                with lock:
                    waiting.append(i + 1)
                all_hold_left.wait()  # hold it until everyone has tried
                return
            with lock:
                meals += 1
            right.release()


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert sorted(waiting) == [1, 2, 3, 4, 5] and meals == 0, (waiting, meals)
print("deadlock: every philosopher holds one fork and waits for the next; meals =", meals)
