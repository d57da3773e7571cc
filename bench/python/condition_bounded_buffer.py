"""condition_bounded_buffer: a producer and two consumers on a buffer of 2,
with two Conditions on one lock (not_full, not_empty).

Python twin of scenarios/condition_bounded_buffer.json, no sleeps: wait in
a while loop, notify the other side. 6 items made, 6 consumed, buffer empty.
"""
import threading

mutex = threading.Lock()
not_full = threading.Condition(mutex)
not_empty = threading.Condition(mutex)
items = 0
consumed = 0


def producer():
    global items
    for _ in range(6):
        with mutex:
            while items >= 2:
                not_full.wait()
            items += 1
            not_empty.notify()


def consumer():
    global items, consumed
    for _ in range(3):
        with mutex:
            while items == 0:
                not_empty.wait()
            items -= 1
            not_full.notify()
            consumed += 1  # under the lock: the lesson's "add" is one step


threads = [threading.Thread(target=producer)] + [threading.Thread(target=consumer) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert (items, consumed) == (0, 6), (items, consumed)
print("items =", items, "consumed =", consumed)
