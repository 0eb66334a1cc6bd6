"""HTTP routers, one module per entity."""
