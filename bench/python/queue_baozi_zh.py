"""queue_baozi_zh: 生产者和消费者（包子）: the chef (厨师) and two eaters (消费者) on a Queue of capacity 3.

Python twin of scenarios/queue_baozi_zh.json, no sleeps (baking and eating are
virtual time in the lesson): the chef puts 6 items, then one None per
eater; put() blocks on a full tray, get() on an empty one; each eater goes
home at its None. eaten 6.
"""
import queue
import threading

tray = queue.Queue(maxsize=3)
eaten = 0
lock = threading.Lock()


def chef():
    for i in range(1, 6 + 1):
        tray.put("包子%d" % i)
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


threads = [threading.Thread(target=chef)] + [threading.Thread(target=eater) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert eaten == 6, eaten
print("eaten =", eaten)
