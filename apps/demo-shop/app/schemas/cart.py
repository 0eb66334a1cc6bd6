from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.cart_item import CartItemRead


class CartCreate(BaseModel):
    customer_id: int = Field(examples=[1])


class CartRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    status: str
    created_at: datetime
    updated_at: datetime
    items: list[CartItemRead] = []


class CartTotal(BaseModel):
    cart_id: int
    item_count: int
    total: float
