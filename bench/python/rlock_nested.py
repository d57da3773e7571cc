"""rlock_nested: nested locking with an RLock: the holder may take it again.

Python twin of scenarios/rlock_nested.json (the fix of
lock_self_deadlock.json), no sleeps. balance 80, log_lines 2.
"""
import threading

account = threading.RLock()
balance = 100
log_lines = 0


def log():
    global log_lines
    with account:  # the same lock again: fine with an RLock
        log_lines += 1


def withdraw():
    global balance
    with account:
        b = balance
        balance = b - 10
        log()


threads = [threading.Thread(target=withdraw) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert (balance, log_lines) == (80, 2), (balance, log_lines)
print("balance =", balance, "log lines =", log_lines)
