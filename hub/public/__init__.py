"""The public site of every tenant (its home page for now; the full portal builds here)."""
