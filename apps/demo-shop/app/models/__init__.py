from app.models.category import Category
from app.models.product import Product
from app.models.customer import Customer
from app.models.cart import Cart
from app.models.cart_item import CartItem
from app.models.order import Order
from app.models.order_item import OrderItem

__all__ = ["Category", "Product", "Customer", "Cart", "CartItem", "Order", "OrderItem"]
