"""queue_producer_consumer: The baker and two eaters on a Queue of capacity 3.

Python twin of scenarios/queue_producer_consumer.json, no sleeps (baking and eating are
virtual time in the lesson): the baker puts 10 items, then one None per
eater; put() blocks on a full tray, get() on an empty one; each eater goes
home at its None. eaten 10.
The work itself is _producer_consumer.py, shared by both lessons.
"""
import _producer_consumer

_producer_consumer.run(10, 'bun%d')
