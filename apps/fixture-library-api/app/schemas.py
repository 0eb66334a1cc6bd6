"""Pydantic v2 request and response schemas."""
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class BookCreate(BaseModel):
    title: str
    author: str
    published_year: int | None = None
    copies: int = 1


class BookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    author: str
    publication_year: int | None
    copies: int


class MemberCreate(BaseModel):
    full_name: str
    email: str


class MemberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    full_name: str
    email: str


class CardRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    member_id: int
    issued_at: datetime


class LoanCreate(BaseModel):
    book_id: int
    member_id: int


class LoanRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    book_id: int
    member_id: int
    days_overdue: int
    returned: bool


class ReturnCreate(BaseModel):
    loan_id: int
