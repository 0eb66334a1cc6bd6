"""Engine, session factory and the declarative base.

The database is rebuilt from scratch every time the app starts (see ``init_db``),
so every run of the smoke suite sees the same seeded state.
"""
import os
import tempfile
from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import StaticPool

# A fresh file per process: SQLite then gives every session its own connection, so requests
# served concurrently (sync endpoints run in a thread pool) never share one connection.
_DEFAULT_DB = os.path.join(tempfile.gettempdir(), f"demo-shop-{os.getpid()}.db")
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{_DEFAULT_DB}")


def _make_engine(url: str):
    if url.startswith("sqlite"):
        kwargs = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            # One shared connection, otherwise every session gets its own empty DB.
            kwargs["poolclass"] = StaticPool
        return create_engine(url, **kwargs)
    return create_engine(url)


engine = _make_engine(DATABASE_URL)
SessionLocal = sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


def get_db() -> Iterator[Session]:
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


def init_db() -> None:
    """Drop and recreate every table, then load the seed data."""
    from app import models  # noqa: F401  (registers the tables on Base.metadata)
    from app.seed import seed

    Base.metadata.drop_all(bind=engine)
    Base.metadata.create_all(bind=engine)
    with SessionLocal() as db:
        seed(db)
        db.commit()
