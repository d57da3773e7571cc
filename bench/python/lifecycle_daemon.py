"""lifecycle_daemon: the program waits for a non-daemon thread but not for
a daemon one.

Python twin of scenarios/lifecycle_daemon.json, no sleeps. The saver (not
a daemon) finishes after the heartbeat's eighth beat (an Event replaces its
3 s); the heartbeat (a daemon) then blocks for ever, and the program exits
anyway: beats 8, saved 1.
"""
import threading

beats = 0
saved = 0
eight_beats = threading.Event()
never = threading.Event()


def main_work():
    pass  # "main work": virtual time in the lesson


def saver():
    global saved
    eight_beats.wait()
    saved += 1


def heartbeat():
    global beats
    for _ in range(8):
        beats += 1
    eight_beats.set()
    never.wait()  # a daemon: still "looping" when the program ends


hb = threading.Thread(target=heartbeat, daemon=True)
sv = threading.Thread(target=saver)
hb.start()
sv.start()
main_work()
sv.join()  # what the interpreter does at exit for every non-daemon thread
assert (beats, saved) == (8, 1), (beats, saved)
print("beats =", beats, "saved =", saved, "(the daemon is still running)")
