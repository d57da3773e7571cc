"""pipe_closed_ends: a producer process and a consumer over a one-way Pipe,
each closing the end it does not use, so the consumer sees EOF.

Python twin of scenarios/pipe_closed_ends.json with multiprocessing (where
Python pipes live), no sleeps. received 5, then EOF.
"""
import multiprocessing as mp


def producer(r, w):
    r.close()  # close my read end
    for i in range(1, 6):
        w.send("item %d" % i)
    w.close()  # done: close my write end


if __name__ == "__main__":
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=producer, args=(r, w))
    p.start()
    w.close()  # the consumer closes its write end
    received = 0
    while True:
        try:
            r.recv()
        except EOFError:
            break  # the producer is done
        received += 1
    p.join()
    assert received == 5, received
    print("received =", received, "then EOF")
