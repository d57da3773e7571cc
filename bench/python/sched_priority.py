"""sched_priority: scheduling: preemptive priority. Four jobs (A 595 ms, B 195, C 95,
D 295 of computing) on one CPU; each records its finishing place.

Python twin of scenarios/sched_priority.json, no sleeps: the shared work of
_sched_jobs.py (the same for the four scheduling lessons).
"""
import _sched_jobs

_sched_jobs.run()
