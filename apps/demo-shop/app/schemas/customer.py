from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class CustomerBase(BaseModel):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$", examples=["grace@hopper.dev"])
    full_name: str = Field(min_length=1, max_length=120, examples=["Grace Hopper"])
    phone: str | None = Field(default=None, max_length=32, examples=["+1 555 0100"])


class CustomerCreate(CustomerBase):
    is_active: bool = True


class CustomerUpdate(BaseModel):
    email: str | None = Field(default=None, min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    full_name: str | None = Field(default=None, min_length=1, max_length=120)
    phone: str | None = Field(default=None, max_length=32)
    active: bool | None = None


class CustomerRead(CustomerBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    active: bool
    created_at: datetime
    updated_at: datetime
