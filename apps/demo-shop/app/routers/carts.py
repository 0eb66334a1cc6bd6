from fastapi import APIRouter, Depends, Query, Response, status
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Cart, Customer
from app.schemas.cart import CartCreate, CartRead, CartTotal
from app.schemas.common import NOT_FOUND
from app.services.lookup import get_or_404
from app.services.pricing import calculate_cart_total

router = APIRouter(prefix="/carts", tags=["carts"])


@router.get("", response_model=list[CartRead])
def list_carts(
    skip: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=500),
    customer_id: int | None = None,
    status_filter: str | None = Query(None, alias="status"),
    db: Session = Depends(get_db),
):
    query = select(Cart).order_by(Cart.id)
    if customer_id is not None:
        query = query.where(Cart.customer_id == customer_id)
    if status_filter is not None:
        query = query.where(Cart.status == status_filter)
    return db.scalars(query.offset(skip).limit(limit)).all()


@router.post("", response_model=CartRead, status_code=status.HTTP_201_CREATED, responses=NOT_FOUND)
def create_cart(payload: CartCreate, db: Session = Depends(get_db)):
    get_or_404(db, Customer, payload.customer_id, "customer")
    cart = Cart(customer_id=payload.customer_id, status="open")
    db.add(cart)
    db.commit()
    db.refresh(cart)
    return JSONResponse(content=jsonable_encoder(CartRead.model_validate(cart)))


@router.get("/{cart_id}", response_model=CartRead, responses=NOT_FOUND)
def get_cart(cart_id: int, db: Session = Depends(get_db)):
    return get_or_404(db, Cart, cart_id, "cart")


@router.get("/{cart_id}/total", response_model=CartTotal, responses=NOT_FOUND)
async def get_cart_total(cart_id: int, db: Session = Depends(get_db)):
    cart = get_or_404(db, Cart, cart_id, "cart")
    total = await calculate_cart_total(cart)
    return CartTotal(cart_id=cart.id, item_count=sum(item.quantity for item in cart.items), total=total)


@router.delete(
    "/{cart_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=NOT_FOUND,
)
def delete_cart(cart_id: int, db: Session = Depends(get_db)):
    """Abandon the cart; it stays visible in the customer's history."""
    cart = get_or_404(db, Cart, cart_id, "cart")
    cart.status = "abandoned"
    cart.updated_at = utcnow()
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
