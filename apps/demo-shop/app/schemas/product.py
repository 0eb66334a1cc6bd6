from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ProductBase(BaseModel):
    sku: str = Field(min_length=1, max_length=40, examples=["ST-042"])
    name: str = Field(min_length=1, max_length=120, examples=["Fountain pen"])
    description: str | None = Field(default=None, examples=["Steel nib, blue ink."])
    price: float = Field(gt=0, examples=[24.5])
    stock_quantity: int = Field(default=0, ge=0, examples=[10])
    category_id: int | None = Field(default=None, examples=[1])


class ProductCreate(ProductBase):
    is_active: bool = True


class ProductUpdate(BaseModel):
    sku: str | None = Field(default=None, min_length=1, max_length=40)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    description: str | None = None
    price: float | None = Field(default=None, gt=0)
    stock_quantity: int | None = Field(default=None, ge=0)
    category_id: int | None = None
    active: bool | None = None


class ProductRead(ProductBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    active: bool
    created_at: datetime
    updated_at: datetime
