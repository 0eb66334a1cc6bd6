import json

from fastapi import APIRouter, Depends, HTTPException, Response
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Book, Member
from app.schemas import LoanCreate, LoanRead
from app.services import loan_service

router = APIRouter()


@router.post("", response_model=LoanRead, status_code=201)
def lend_book(payload: LoanCreate, db: Session = Depends(get_db)):
    if db.get(Book, payload.book_id) is None or db.get(Member, payload.member_id) is None:
        raise HTTPException(status_code=404, detail="book or member not found")
    loan = Loan(book_id=payload.book_id, member_id=payload.member_id)
    db.add(loan)
    db.commit()
    db.refresh(loan)
    return loan


@router.get("/stats")
async def loan_stats(db: Session = Depends(get_db)):
    stats = loan_service.summary(db)
    return {"open": stats["open"], "returned": stats["returned"]}


@router.get("/{loan_id}/fees")
def loan_fees(loan_id: int, db: Session = Depends(get_db)):
    loan = loan_service.find(db, loan_id)
    if loan is None:
        raise HTTPException(status_code=404, detail=f"loan {loan_id} not found")
    report = {"loan_id": loan.id, "days_overdue": loan.days_overdue, "fee": loan_service.fee_for(loan), "currency": "EUR"}
    return Response(content=json.dumps(report), media_type="application/json")
