"""Seed rows loaded at every startup, so read endpoints have data to serve."""
from sqlalchemy.orm import Session

from app.models import Cart, CartItem, Category, Customer, Order, OrderItem, Product
from app.utils import utcnow


def seed(db: Session) -> None:
    books = Category(name="Books", description="Paper and ink.", active=True)
    games = Category(name="Games", description="Board and card games.", active=True)
    db.add_all([books, games])
    db.flush()

    products = [
        Product(sku="BK-001", name="The Pragmatic Programmer", description="20th anniversary edition.",
                price=39.90, stock_quantity=25, category_id=books.id, active=True),
        Product(sku="BK-002", name="Structure and Interpretation of Computer Programs", description=None,
                price=54.50, stock_quantity=8, category_id=books.id, active=True),
        Product(sku="GM-001", name="Go board 19x19", description="Bamboo board with stones.",
                price=89.00, stock_quantity=4, category_id=games.id, active=True),
    ]
    db.add_all(products)

    ada = Customer(email="ada@lovelace.dev", full_name="Ada Lovelace", phone="+44 20 7946 0001", active=True)
    alan = Customer(email="alan@turing.dev", full_name="Alan Turing", phone=None, active=True)
    db.add_all([ada, alan])
    db.flush()

    cart_ada = Cart(customer_id=ada.id, status="open")
    cart_ada.items = [
        CartItem(product_id=products[0].id, quantity=1, unit_price=products[0].price),
        CartItem(product_id=products[2].id, quantity=2, unit_price=products[2].price),
    ]
    cart_alan = Cart(customer_id=alan.id, status="open")
    cart_alan.items = [CartItem(product_id=products[1].id, quantity=1, unit_price=products[1].price)]
    db.add_all([cart_ada, cart_alan])
    db.flush()

    pending = Order(customer_id=ada.id, cart_id=None, status="pending", total_amount=54.50,
                    shipping_address="12 St James's Square, London")
    pending.items = [OrderItem(product_id=products[1].id, quantity=1, unit_price=54.50)]
    paid = Order(customer_id=alan.id, cart_id=None, status="paid", total_amount=79.80,
                 shipping_address="Bletchley Park, Milton Keynes", payment_method="card", paid_at=utcnow())
    paid.items = [OrderItem(product_id=products[0].id, quantity=2, unit_price=39.90)]
    db.add_all([pending, paid])
    db.flush()
