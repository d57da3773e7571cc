"""queue_producer_consumer: The baker and two eaters on a Queue of capacity 3.

Python twin of scenarios/queue_producer_consumer.json, no sleeps (baking and eating are
virtual time in the lesson): the baker puts 10 items, then one None per
eater; put() blocks on a full tray, get() on an empty one; each eater goes
home at its None. eaten 10.
"""
import queue
import threading

tray = queue.Queue(maxsize=3)
eaten = 0
lock = threading.Lock()


def baker():
    for i in range(1, 10 + 1):
        tray.put("bun%d" % i)
    for _ in range(2):
        tray.put(None)


def eater():
    global eaten
    while True:
        bun = tray.get()
        if bun is None:
            break
        with lock:
            eaten += 1


threads = [threading.Thread(target=baker)] + [threading.Thread(target=eater) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert eaten == 10, eaten
print("eaten =", eaten)
