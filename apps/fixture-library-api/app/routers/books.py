from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Book, Loan
from app.schemas import BookCreate, BookRead

router = APIRouter()


def _book(db: Session, book_id: int) -> Book:
    book = db.get(Book, book_id)
    if book is None:
        raise HTTPException(status_code=404, detail=f"book {book_id} not found")
    return book


@router.get("", response_model=list[BookRead])
def list_books(db: Session = Depends(get_db)):
    return db.scalars(select(Book).order_by(Book.id)).all()


@router.post("", response_model=BookRead, status_code=201)
def add_book(data: BookCreate, db: Session = Depends(get_db)):
    book = Book(**data.dict())
    db.add(book)
    db.commit()
    db.refresh(book)
    return book


@router.get("/{book_id}", response_model=BookRead)
def get_book(book_id: int, db: Session = Depends(get_db)):
    return _book(db, book_id)


@router.get("/{book_id}/availability")
def book_availability(book_id: int, db: Session = Depends(get_db)):
    book = _book(db, book_id)
    on_loan = db.scalar(select(func.count()).select_from(Loan).where(Loan.book_id == book_id, Loan.returned.is_(False)))
    available = book.copies - on_loan
    return {"book_id": book.id, "available": availble}
