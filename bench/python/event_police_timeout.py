"""event_police_timeout: cars wait for a green light (an Event); the police
car waits with a timeout and goes through the red.

Python twin of scenarios/event_police_timeout.json, no sleeps. The lesson's
light stays red 5 s and the police gives up after 1 s; here the police
waits with timeout=0 (it times out at once, the light is red) and the light
turns green only after that (an Event replaces the 5 s sleep, so the order
is the lesson's). passed 3, ran_red 1.
"""
import threading

light = threading.Event()
police_done = threading.Event()
lock = threading.Lock()
passed = 0
ran_red = 0


def lights():
    police_done.wait()  # red for longer than the police waits
    light.set()


def car():
    global passed
    light.wait()
    with lock:
        passed += 1


def police():
    global ran_red
    green = light.wait(timeout=0)
    if not green:
        with lock:
            ran_red += 1  # siren on: through the red light
    police_done.set()


threads = [threading.Thread(target=f) for f in [lights, police] + [car] * 3]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert (passed, ran_red) == (3, 1), (passed, ran_red)
print("passed =", passed, "ran red =", ran_red)
