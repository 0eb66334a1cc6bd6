from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Order
from app.schemas.order import OrderRead, PaymentRequest
from app.schemas.common import CONFLICT, NOT_FOUND
from app.services.lookup import get_or_404
from app.utils import utcnow

router = APIRouter(prefix="/orders", tags=["payments"])


@router.post("/{order_id}/pay", response_model=OrderRead, responses={**NOT_FOUND, **CONFLICT})
def pay_order(order_id: int, payment: PaymentRequest | None = None, db: Session = Depends(get_db)):
    """Capture payment for a pending order."""
    order = get_or_404(db, Order, order_id, "order")
    if order.status != "pending":
        raise HTTPException(
            status_code=status.HTTP_409_CONFLICT, detail=f"order {order_id} is {order.status}, not pending"
        )
    order.status = "paid"
    order.payment_method = (payment or PaymentRequest()).method
    order.paid_at = utcnow()
    db.commit()
    db.refresh(order)
    return order


@router.post("/{order_id}/cancel", response_model=OrderRead, responses={**NOT_FOUND, **CONFLICT})
def cancel_order(order_id: int, db: Session = Depends(get_db)):
    """Cancel a pending order, or refund and cancel a paid one."""
    order = get_or_404(db, Order, order_id, "order")
    if order.status == "cancelled":
        raise HTTPException(status_code=status.HTTP_409_CONFLICT, detail=f"order {order_id} is already cancelled")
    order.status = "cancelled"
    order.cancelled_at = utcnow()
    db.commit()
    db.refresh(order)
    return order
