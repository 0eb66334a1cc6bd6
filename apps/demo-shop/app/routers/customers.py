from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Cart, Customer, Order
from app.schemas.cart import CartRead
from app.schemas.customer import CustomerCreate, CustomerRead, CustomerUpdate
from app.schemas.order import OrderRead
from app.schemas.common import CONFLICT, NOT_FOUND
from app.services.lookup import get_or_404

router = APIRouter(prefix="/customers", tags=["customers"])


def _ensure_email_free(db: Session, email: str, customer_id: int | None = None) -> None:
    clash = db.scalars(select(Customer).where(Customer.email == email)).first()
    if clash is not None and clash.id != customer_id:
        raise HTTPException(status_code=status.HTTP_409_CONFLICT, detail=f"email {email} is already registered")


@router.get("", response_model=list[CustomerRead])
def list_customers(
    skip: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=500),
    db: Session = Depends(get_db),
):
    return db.scalars(select(Customer).order_by(Customer.id).offset(skip).limit(limit)).all()


@router.post("", response_model=CustomerRead, status_code=status.HTTP_201_CREATED, responses={**CONFLICT})
def create_customer(payload: CustomerCreate, db: Session = Depends(get_db)):
    _ensure_email_free(db, payload.email)
    customer = Customer(**payload.model_dump())
    db.add(customer)
    db.commit()
    db.refresh(customer)
    return customer


@router.get("/{customer_id}", response_model=CustomerRead, responses=NOT_FOUND)
def get_customer(customer_id: int, db: Session = Depends(get_db)):
    return get_or_404(db, Customer, customer_id, "customer")


@router.put("/{customer_id}", response_model=CustomerRead, responses={**NOT_FOUND, **CONFLICT})
def update_customer(customer_id: int, payload: CustomerUpdate, db: Session = Depends(get_db)):
    customer = get_or_404(db, Customer, customer_id, "customer")
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("email"):
        _ensure_email_free(db, changes["email"], customer_id)
    for field, value in changes.items():
        setattr(customer, field, value)
    customer.updated_at = utcnow()
    db.commit()
    db.refresh(customer)
    return customer


@router.delete(
    "/{customer_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=NOT_FOUND,
)
def delete_customer(customer_id: int, db: Session = Depends(get_db)):
    """Soft delete: the customer is deactivated, their orders stay."""
    customer = get_or_404(db, Customer, customer_id, "customer")
    customer.active = False
    customer.updated_at = utcnow()
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{customer_id}/orders", response_model=list[OrderRead], responses=NOT_FOUND)
def list_customer_orders(customer_id: int, db: Session = Depends(get_db)):
    get_or_404(db, Customer, customer_id, "customer")
    return db.scalars(select(Order).where(Order.customer_id == customer_id).order_by(Order.id)).all()


@router.get("/{customer_id}/carts", response_model=list[CartRead], responses=NOT_FOUND)
def list_customer_carts(customer_id: int, db: Session = Depends(get_db)):
    get_or_404(db, Customer, customer_id, "customer")
    return db.scalars(select(Cart).where(Cart.customer_id == customer_id).order_by(Cart.id)).all()
