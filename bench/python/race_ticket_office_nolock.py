"""race_ticket_office_nolock: five buyers, one ticket, no lock.

Python twin of scenarios/race_ticket_office_nolock.json, no sleeps. In the
lesson every buyer reads "1 left" while the others are still printing; a
Barrier after the read gives that interleaving without sleeping. All five
sell the one ticket: tickets 0, sold 5 (a lost update).
"""
import threading

N = 5
tickets = 1
sold = 0
add_lock = threading.Lock()  # the lesson's "add" is one step
read_done = threading.Barrier(N)


def buyer():
    global tickets, sold
    left = tickets
    read_done.wait()
    if left > 0:
        tickets = left - 1
        with add_lock:
            sold += 1


threads = [threading.Thread(target=buyer) for _ in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert (tickets, sold) == (0, 5), (tickets, sold)
print("tickets =", tickets, "sold =", sold)
