from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base
from app.utils import utcnow


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), nullable=False)
    cart_id: Mapped[int | None] = mapped_column(ForeignKey("carts.id"), nullable=True)
    # pending -> paid -> cancelled (refunded), or pending -> cancelled
    status: Mapped[str] = mapped_column(String(16), default="pending", nullable=False)
    total_amount: Mapped[float] = mapped_column(Numeric(10, 2, asdecimal=False), nullable=False)
    shipping_address: Mapped[str | None] = mapped_column(String(300), nullable=True)
    payment_method: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    customer: Mapped["Customer"] = relationship(back_populates="orders")  # noqa: F821
    items: Mapped[list["OrderItem"]] = relationship(  # noqa: F821
        back_populates="order", cascade="all, delete-orphan", order_by="OrderItem.id"
    )
