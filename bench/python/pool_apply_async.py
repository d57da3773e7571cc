"""pool_apply_async: a Pool of 3 with apply_async() and a callback.

Python twin of scenarios/pool_apply_async.json, no sleeps: main submits
double(n) for n = 1..10 without waiting; a callback (in the pool's result
thread) adds each result; close() and join() wait for all. total 110.
"""
import multiprocessing as mp

total = 0


def double(x):
    return x + x


def collect(result):
    global total
    total += result


if __name__ == "__main__":
    pool = mp.Pool(3)
    for n in range(1, 11):
        pool.apply_async(double, (n,), callback=collect)
    pool.close()
    pool.join()
    assert total == 110, total
    print("total =", total)
