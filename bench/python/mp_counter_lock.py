"""mp_counter_lock: 100 multiprocessing processes decrement a shared counter
under a multiprocessing Lock (a Value in shared memory).

Python side of bench_python's "100 processes + Lock" row, against
`syncscope run scenarios/lock_counter.json --mode processes --instant`.
No sleeps. The counter ends at 0.
"""
import multiprocessing as mp


def decrement(lock, counter):
    with lock:
        c = counter.value
        counter.value = c - 1


if __name__ == "__main__":
    lock = mp.Lock()
    counter = mp.Value("i", 100, lock=False)  # guarded by our own lock
    procs = [mp.Process(target=decrement, args=(lock, counter)) for _ in range(100)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    assert counter.value == 0, counter.value
    print("counter =", counter.value)
