"""pipe_forgotten_close: the consumer forgets to close its write end, so
recv() never sees EOF and hangs after the last item.

Python twin of scenarios/pipe_forgotten_close.json with multiprocessing, no
sleeps. After the producer has exited, poll(0) still finds nothing to read
(no data and no EOF: our own write end is open), i.e. recv() would block
for ever: deadlock, received 5.
"""
import multiprocessing as mp


def producer(r, w):
    r.close()
    for i in range(1, 6):
        w.send("item %d" % i)
    w.close()


if __name__ == "__main__":
    r, w = mp.Pipe(duplex=False)
    p = mp.Process(target=producer, args=(r, w))
    p.start()
    # forgotten: w.close()
    received = 0
    for _ in range(5):
        r.recv()
        received += 1
    p.join()
    hangs = not r.poll(0)
    assert hangs and received == 5, (hangs, received)
    print("deadlock: recv() would wait for ever; received =", received)
