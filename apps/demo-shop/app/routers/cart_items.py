from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Cart, CartItem, Product
from app.schemas.cart import CartRead
from app.schemas.cart_item import CartItemCreate, CartItemRead, CartItemUpdate
from app.schemas.common import CONFLICT, NOT_FOUND
from app.services.inventory import ensure_available
from app.services.lookup import get_or_404
from app.utils import utcnow

router = APIRouter(prefix="/carts/{cart_id}/items", tags=["cart items"])


def _get_item(db: Session, cart_id: int, item_id: int) -> CartItem:
    item = db.get(CartItem, item_id)
    if item is None or item.cart_id != cart_id:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=f"item {item_id} not found in cart {cart_id}")
    return item


@router.get("", response_model=list[CartItemRead], responses=NOT_FOUND)
def list_cart_items(cart_id: int, db: Session = Depends(get_db)):
    return get_or_404(db, Cart, cart_id, "cart").items


@router.post(
    "",
    response_model=CartItemRead,
    status_code=status.HTTP_201_CREATED,
    responses={**NOT_FOUND, **CONFLICT},
)
def add_cart_item(cart_id: int, payload: CartItemCreate, db: Session = Depends(get_db)):
    cart = get_or_404(db, Cart, cart_id, "cart")
    product = get_or_404(db, Product, payload.product_id, "product")
    existing = next((line for line in cart.items if line.product_id == product.id), None)
    quantity = payload.quantity + (existing.quantity if existing else 0)
    ensure_available(product, quantity)
    if existing is not None:
        existing.quantity = quantity
        item = existing
    else:
        item = CartItem(product_id=product.id, quantity=quantity, unit_price=product.price)
        cart.items.append(item)
    cart.updated_at = utcnow()
    db.commit()
    db.refresh(item)
    return item


@router.get("/{item_id}", response_model=CartItemRead, responses=NOT_FOUND)
def get_cart_item(cart_id: int, item_id: int, db: Session = Depends(get_db)):
    return _get_item(db, cart_id, item_id)


@router.put("/{item_id}", response_model=CartItemRead, responses={**NOT_FOUND, **CONFLICT})
def update_cart_item(cart_id: int, item_id: int, payload: CartItemUpdate, db: Session = Depends(get_db)):
    item = _get_item(db, cart_id, item_id)
    ensure_available(item.product, payload.quantity)
    item.quantity = payload.quantity
    item.cart.updated_at = utcnow()
    db.commit()
    db.refresh(item)
    return item


@router.delete("/{item_id}", response_model=CartRead, responses=NOT_FOUND)
def remove_cart_item(cart_id: int, item_id: int, db: Session = Depends(get_db)):
    """Remove a line and answer with the updated cart."""
    item = _get_item(db, cart_id, item_id)
    cart = item.cart
    cart.items.remove(item)
    cart.updated_at = utcnow()
    db.commit()
    db.refresh(cart)
    return JSONResponse(content=CartRead.model_validate(cart).model_dump())
