"""The append-only audit log: who did what, on which site, from where, and when."""
