"""Demo data for `make run`, the tests and the benchmarks, outside the domain core.

headquarters: matters, counters and the organisation's name (`flask init-db --seed`);
sessions: leaders' bookable reception days (`flask booking seed-demo`); visits: a year of
realistic visits and cases in bulk (scripts/bench_search.py). The core never imports this
package; app.py hands the headquarters seeder to `init-db` and registers the demo commands.
"""
