from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class CategoryBase(BaseModel):
    name: str = Field(min_length=1, max_length=80, examples=["Stationery"])
    description: str | None = Field(default=None, examples=["Pens, paper and notebooks."])


class CategoryCreate(CategoryBase):
    is_active: bool = True


class CategoryRead(CategoryBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    active: bool
    created_at: datetime
