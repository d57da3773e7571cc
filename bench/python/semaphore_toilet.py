"""semaphore_toilet: 13 people, a toilet with five stalls (a Semaphore of 5).

Python twin of scenarios/semaphore_toilet.json, no sleeps: at most five
inside at once (checked), everyone gets in eventually. visits 13.
"""
import threading

stalls = threading.BoundedSemaphore(5)
lock = threading.Lock()
visits = 0
inside = 0
most_inside = 0


def person():
    global visits, inside, most_inside
    with stalls:
        with lock:
            inside += 1
            most_inside = max(most_inside, inside)
            visits += 1
        with lock:
            inside -= 1


threads = [threading.Thread(target=person) for _ in range(13)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert visits == 13 and most_inside <= 5, (visits, most_inside)
print("visits =", visits, "most inside at once =", most_inside)
