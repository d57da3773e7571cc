"""process_ticket_office_100: 100 buyer processes, 10 tickets, a Lock.

Python twin of scenarios/process_ticket_office_100.json (mode processes):
multiprocessing Processes sharing Values under a multiprocessing Lock, no
sleeps. 10 sold, 90 turned away, 0 left.
"""
import multiprocessing as mp


def buyer(counter, tickets, sold, turned_away):
    with counter:
        left = tickets.value
        if left > 0:
            tickets.value = left - 1
            sold.value += 1
        else:
            turned_away.value += 1


if __name__ == "__main__":
    counter = mp.Lock()
    tickets, sold, turned_away = (mp.Value("i", v, lock=False) for v in (10, 0, 0))
    procs = [mp.Process(target=buyer, args=(counter, tickets, sold, turned_away)) for _ in range(100)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    got = (tickets.value, sold.value, turned_away.value)
    assert got == (0, 10, 90), got
    print("tickets = %d, sold = %d, turned away = %d" % got)
