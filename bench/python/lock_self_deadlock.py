"""lock_self_deadlock: a thread takes a (non-reentrant) Lock it already holds.

Python twin of scenarios/lock_self_deadlock.json, no sleeps. withdraw()
holds the account Lock and calls log(), which takes it again: a plain
Lock blocks for ever, and the other clerk waits for ever behind it. The
script tests each would-block with a non-blocking acquire instead of
hanging: deadlock, balance 90, log_lines 0.
"""
import threading

account = threading.Lock()
balance = 100
log_lines = 0
stuck = []
stuck_lock = threading.Lock()


def clerk(name):
    global balance, log_lines
    if not account.acquire(blocking=False):
        with stuck_lock:
            stuck.append(name + " waits for the account lock")
        return
    b = balance
    balance = b - 10
    if not account.acquire(blocking=False):  # log(): the same lock again
        with stuck_lock:
            stuck.append(name + " waits for itself")
        return  # never released: it is stuck holding it
    log_lines += 1


threads = [threading.Thread(target=clerk, args=("clerk %d" % i,)) for i in (1, 2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert len(stuck) == 2 and (balance, log_lines) == (90, 0), (stuck, balance, log_lines)
print("deadlock:", "; ".join(sorted(stuck)), "- balance =", balance, "log lines =", log_lines)
