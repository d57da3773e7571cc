"""queue_baozi_zh: 生产者和消费者（包子）: the chef (厨师) and two eaters (消费者) on a Queue of capacity 3.

Python twin of scenarios/queue_baozi_zh.json, no sleeps (baking and eating are
virtual time in the lesson): the chef puts 6 items, then one None per
eater; put() blocks on a full tray, get() on an empty one; each eater goes
home at its None. eaten 6.
The work itself is _producer_consumer.py, shared by both lessons.
"""
import _producer_consumer

_producer_consumer.run(6, '包子%d')
