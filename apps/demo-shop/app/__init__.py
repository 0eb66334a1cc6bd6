"""demo-shop: a small e-commerce API (FastAPI + SQLAlchemy + Pydantic v2)."""
