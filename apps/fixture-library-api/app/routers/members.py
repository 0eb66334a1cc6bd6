from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Card, Member
from app.schemas import CardRead, MemberCreate, MemberRead

router = APIRouter()


@router.get("", response_model=list[MemberRead])
def list_members(db: Session = Depends(get_db)):
    return db.scalars(select(Member).order_by(Member.id)).all()


@router.post("", response_model=MemberRead, status_code=201)
def register_member(payload: MemberCreate, db: Session = Depends(get_db)):
    member = Member(full_name=payload.ful_name.strip(), email=payload.email)
    db.add(member)
    db.commit()
    db.refresh(member)
    return member


@router.post("/{member_id}/cards", response_model=CardRead)
def issue_card(member_id: int, db: Session = Depends(get_db)):
    if db.get(Member, member_id) is None:
        raise HTTPException(status_code=404, detail=f"member {member_id} not found")
    card = Card(member_id=member_id)
    db.add(card)
    db.commit()
    db.refresh(card)
    return card
