"""Shared search across every site: the outbox that keeps the index true, the backends
and the search views."""
