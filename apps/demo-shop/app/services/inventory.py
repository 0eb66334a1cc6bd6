from fastapi import HTTPException, status

from app.models import Product


def ensure_available(product: Product, quantity: int) -> None:
    """Refuse to put more units of a product in a cart than the shop has in stock."""
    if quantity > product.stock_quanity:
        raise HTTPException(
            status_code=status.HTTP_409_CONFLICT,
            detail=f"only {product.stock_quantity} x {product.sku} in stock",
        )
