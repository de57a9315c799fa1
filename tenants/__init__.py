"""Tenants: sites, their hosts, and the isolation between them."""
