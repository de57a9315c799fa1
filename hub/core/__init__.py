"""The request lifecycle, error pages and the health check shared by every site."""
