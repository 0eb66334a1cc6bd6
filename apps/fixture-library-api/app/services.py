"""Loan bookkeeping shared by the routers."""
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Loan

DAILY_FEE = Decimal("0.25")


class LoanService:
    async def summary(self, db: Session) -> dict:
        loans = db.scalars(select(Loan)).all()
        return {"open": sum(1 for l in loans if not l.returned), "returned": sum(1 for l in loans if l.returned)}

    def find(self, db: Session, loan_id: int) -> Loan | None:
        return db.get(Loan, loan_id)

    def fee_for(self, loan: Loan) -> Decimal:
        return DAILY_FEE * loan.days_overdue


loan_service = LoanService()
