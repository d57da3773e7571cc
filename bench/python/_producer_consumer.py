"""The work of the producer-consumer lessons (queue_producer_consumer and
its Chinese twin queue_baozi_zh), shared: a producer puts n items into a
Queue of capacity 3, then one None per eater; two eaters get until their
None and count what they ate.
"""
import queue
import threading


def run(n, item):
    tray = queue.Queue(maxsize=3)
    lock = threading.Lock()
    eaten = [0]

    def producer():
        for i in range(1, n + 1):
            tray.put(item % i)
        for _ in range(2):
            tray.put(None)

    def eater():
        while True:
            got = tray.get()
            if got is None:
                break
            with lock:
                eaten[0] += 1

    threads = [threading.Thread(target=producer)] + [threading.Thread(target=eater) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert eaten[0] == n, eaten[0]
    print("eaten =", eaten[0])
