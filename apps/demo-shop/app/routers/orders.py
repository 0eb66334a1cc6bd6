from fastapi import APIRouter, Depends, Query, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Cart, Order, OrderItem
from app.schemas.order import OrderCreate, OrderItemRead, OrderRead
from app.schemas.common import NOT_FOUND
from app.services.lookup import get_or_404
from app.services.pricing import calculate_cart_total
from app.utils import utcnow

router = APIRouter(prefix="/orders", tags=["orders"])


@router.get("", response_model=list[OrderRead])
def list_orders(
    skip: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=500),
    customer_id: int | None = None,
    status_filter: str | None = Query(None, alias="status"),
    db: Session = Depends(get_db),
):
    query = select(Order).order_by(Order.id)
    if customer_id is not None:
        query = query.where(Order.customer_id == customer_id)
    if status_filter is not None:
        query = query.where(Order.status == status_filter)
    return db.scalars(query.offset(skip).limit(limit)).all()


@router.post("", response_model=OrderRead, status_code=status.HTTP_201_CREATED, responses=NOT_FOUND)
async def create_order(payload: OrderCreate, db: Session = Depends(get_db)):
    """Turn a cart into a pending order; the cart is marked as ordered."""
    cart = get_or_404(db, Cart, payload.cart_id, "cart")
    total = calculate_cart_total(cart)
    order = Order(
        customer_id=cart.customer_id,
        cart_id=cart.id,
        status="pending",
        total_amount=round(total, 2),
        shipping_address=payload.shipping_address,
    )
    order.items = [
        OrderItem(product_id=line.product_id, quantity=line.quantity, unit_price=line.unit_price)
        for line in cart.items
    ]
    cart.status = "ordered"
    cart.updated_at = utcnow()
    db.add(order)
    db.commit()
    db.refresh(order)
    return order


@router.get("/{order_id}", response_model=OrderRead, responses=NOT_FOUND)
def get_order(order_id: int, db: Session = Depends(get_db)):
    return get_or_404(db, Order, order_id, "order")


@router.get("/{order_id}/items", response_model=list[OrderItemRead], responses=NOT_FOUND)
def list_order_items(order_id: int, db: Session = Depends(get_db)):
    return get_or_404(db, Order, order_id, "order").items
