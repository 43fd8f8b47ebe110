"""The domain core of the citizen reception headquarters: queue, tickets, people, records."""
