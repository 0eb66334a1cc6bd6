"""Request and response schemas (Pydantic v2), one module per entity."""
