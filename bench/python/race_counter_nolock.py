"""race_counter_nolock: 100 threads decrement a counter with no lock.

Python twin of scenarios/race_counter_nolock.json, no sleeps. The lesson's
pause between the read and the write lets every thread read 100 before any
writes; here a Barrier gives that same interleaving without sleeping, so
every thread writes 99: 99 updates are lost, as the lesson expects.
"""
import threading

N = 100
counter = 100
between = threading.Barrier(N)  # everyone has read: the switch the pause makes


def decrement():
    global counter
    c = counter
    between.wait()
    counter = c - 1


threads = [threading.Thread(target=decrement) for _ in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert counter == 99, counter
print("counter =", counter, "(99 updates lost)")
