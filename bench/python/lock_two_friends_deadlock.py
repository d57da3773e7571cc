"""lock_two_friends_deadlock: Ann takes the pen then wants the notebook; Ben
takes the notebook then wants the pen.

Python twin of scenarios/lock_two_friends_deadlock.json, no sleeps. A
Barrier gives the lesson's interleaving (both hold their first lock before
either reaches for the second); the second acquire is tried without
blocking instead of hanging: both would wait for ever, a deadlock.
"""
import threading

pen, notebook = threading.Lock(), threading.Lock()
both_hold_one = threading.Barrier(2)
waits = []


def friend(name, first, second):
    with first:
        both_hold_one.wait()
        if second.acquire(blocking=False):
            second.release()
        else:
            waits.append(name)
        both_hold_one.wait()  # keep holding until both have tried


threads = [threading.Thread(target=friend, args=("Ann", pen, notebook)),
           threading.Thread(target=friend, args=("Ben", notebook, pen))]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert sorted(waits) == ["Ann", "Ben"], waits
print("deadlock: Ann and Ben each hold one lock and wait for the other's")
