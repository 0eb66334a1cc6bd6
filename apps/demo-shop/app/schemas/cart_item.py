from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class CartItemCreate(BaseModel):
    product_id: int = Field(examples=[1])
    quantity: int = Field(default=1, ge=1, le=100, examples=[2])


class CartItemUpdate(BaseModel):
    quantity: int = Field(ge=1, le=100, examples=[3])


class CartItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    cart_id: int
    product_id: int
    quantity: int
    unit_price: float
    created_at: datetime
