"""pool_apply: a Pool of 3 with apply(): one task at a time.

Python twin of scenarios/pool_apply.json, no sleeps: main applies double(n)
for n = 1..10, each apply() waiting for its result. total 110.
"""
import multiprocessing as mp


def double(x):
    return x + x


if __name__ == "__main__":
    total = 0
    with mp.Pool(3) as pool:
        for n in range(1, 11):
            total += pool.apply(double, (n,))
        pool.close()
        pool.join()
    assert total == 110, total
    print("total =", total)
