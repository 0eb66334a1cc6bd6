"""Domain helpers used by the routers."""
