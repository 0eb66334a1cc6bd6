from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class OrderCreate(BaseModel):
    cart_id: int = Field(examples=[1])
    shipping_address: str | None = Field(default=None, max_length=300, examples=["1 Infinite Loop, Cupertino"])


class OrderItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    order_id: int
    product_id: int
    quantity: int
    unit_price: float


class OrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    cart_id: int | None
    status: str
    total_amount: float
    shipping_address: str | None
    payment_method: str | None
    created_at: datetime
    paid_at: datetime | None
    cancelled_at: datetime | None
    items: list[OrderItemRead] = []


class PaymentRequest(BaseModel):
    method: Literal["card", "paypal", "bank_transfer"] = "card"
