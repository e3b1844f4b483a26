"""Relevance, the topic vocabulary and response plans: which arguments answer which question."""
