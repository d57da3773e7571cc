"""event_traffic_light: a light (an Event) turns green and red; three cars
wait for green, drive a lap, park, and come back.

Python twin of scenarios/event_traffic_light.json, no sleeps. The lesson
loops until stop_after_ms (30 s): 3 green/red cycles and 8 laps a car in
its run; here the light does 3 cycles and every car drives 8 laps, then
the light stays green so that every car finishes (a loop with no sleep
cannot stop "after 30 s").
"""
import threading

light = threading.Event()
light.set()
LAPS = 8
laps = 0
lock = threading.Lock()


def lights():
    for _ in range(3):
        light.set()    # green
        light.clear()  # red
    light.set()


def car():
    global laps
    for _ in range(LAPS):
        light.wait()
        with lock:
            laps += 1


threads = [threading.Thread(target=lights)] + [threading.Thread(target=car) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert laps == 3 * LAPS, laps
print("laps =", laps)
