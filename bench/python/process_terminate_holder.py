"""process_terminate_holder: terminate() a process while it holds a Lock.

Python twin of scenarios/process_terminate_holder.json, no sleeps. The
worker takes the shared Lock and works "forever" (it blocks on an Event
instead of sleeping 2 s); the boss, once the worker holds the lock,
terminates it and then needs the lock: a multiprocessing Lock is not freed
by its holder's death, so the boss would wait forever. The script tests it
with a non-blocking acquire instead of hanging: deadlock, written 0.
"""
import multiprocessing as mp


def worker(lock, holding, never, written):
    with lock:
        holding.set()
        never.wait()  # "writing a record": never finishes, it is killed first
        written.value += 1


if __name__ == "__main__":
    lock, holding, never = mp.Lock(), mp.Event(), mp.Event()
    written = mp.Value("i", 0)
    w = mp.Process(target=worker, args=(lock, holding, never, written))
    w.start()
    holding.wait()  # the boss's "waiting a bit"
    w.terminate()
    w.join()
    got_it = lock.acquire(block=False)
    assert not got_it, "the lock was freed"
    assert written.value == 0
    print("deadlock: the lock is held by a dead process; written =", written.value)
