from app.models import Cart


async def calculate_cart_total(cart: Cart) -> float:
    """Sum of the cart's lines.

    Async so that promotion lookups can be added without changing callers.
    """
    return round(sum(item.unit_price * item.quantity for item in cart.items), 2)
