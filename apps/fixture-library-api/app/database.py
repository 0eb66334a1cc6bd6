"""Engine, sessions and the declarative base; the database is rebuilt and seeded on every start."""
from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import StaticPool

# One shared in-memory connection, otherwise every session gets its own empty database.
engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
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
    from app import models

    Base.metadata.drop_all(bind=engine)
    Base.metadata.create_all(bind=engine)
    with SessionLocal() as db:
        db.add_all([
            models.Book(title="The Left Hand of Darkness", author="Ursula K. Le Guin", publication_year=1969, copies=2),
            models.Book(title="Invisible Cities", author="Italo Calvino", publication_year=1972, copies=1),
            models.Member(full_name="Ada Quill", email="ada@example.org"),
        ])
        db.commit()
        db.add(models.Loan(book_id=1, member_id=1, days_overdue=3))
        db.commit()
