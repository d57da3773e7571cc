"""lock_ticket_office: five buyers, one ticket, with a Lock.

Python twin of scenarios/lock_ticket_office.json, no sleeps: the check and
the sale are one critical section, so exactly one buyer gets the ticket.
"""
import threading

tickets = 1
sold = 0
counter = threading.Lock()


def buyer():
    global tickets, sold
    with counter:
        left = tickets
        if left > 0:
            tickets = left - 1
            sold += 1


threads = [threading.Thread(target=buyer) for _ in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert (tickets, sold) == (0, 1), (tickets, sold)
print("tickets =", tickets, "sold =", sold)
