from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Loan
from app.schemas import LoanRead, ReturnCreate

router = APIRouter()


@router.get("", response_model=list[LoanRead])
def list_returns(db: Session = Depends(get_db)):
    return db.scalars(select(Loan).where(Loan.returned.is_(True)).order_by(Loan.id)).all()


@router.post("", response_model=LoanRead, status_code=201)
def return_book(payload: ReturnCreate, db: Session = Depends(get_db)):
    loan = db.get(Loan, payload.loan_id)
    if loan is None:
        raise HTTPException(status_code=404, detail=f"loan {payload.loan_id} not found")
    loan.returned = True
    db.commit()
    db.refresh(loan)
    return loan
