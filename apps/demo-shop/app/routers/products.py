from fastapi import APIRouter, Depends, Query, Response, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Category, Product
from app.schemas.product import ProductCreate, ProductRead, ProductUpdate
from app.schemas.common import NOT_FOUND
from app.services.lookup import get_or_404

router = APIRouter(prefix="/products", tags=["products"])


@router.get("", response_model=list[ProductRead])
def list_products(
    skip: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=500),
    category_id: int | None = None,
    db: Session = Depends(get_db),
):
    query = select(Product).order_by(Product.id)
    if category_id is not None:
        query = query.where(Product.category_id == category_id)
    return db.scalars(query.offset(skip).limit(limit)).all()


@router.post("", response_model=ProductRead, status_code=status.HTTP_201_CREATED, responses=NOT_FOUND)
def create_product(payload: ProductCreate, db: Session = Depends(get_db)):
    if payload.category_id is not None:
        get_or_404(db, Category, payload.category_id, "category")
    product = Product(**payload.model_dump())
    db.add(product)
    db.commit()
    db.refresh(product)
    return product


@router.get("/{product_id}", response_model=ProductRead, responses=NOT_FOUND)
def get_product(product_id: int, db: Session = Depends(get_db)):
    return get_or_404(db, Product, product_id, "product")


@router.put("/{product_id}", response_model=ProductRead, responses=NOT_FOUND)
def update_product(product_id: int, payload: ProductUpdate, db: Session = Depends(get_db)):
    product = get_or_404(db, Product, product_id, "product")
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("category_id") is not None:
        get_or_404(db, Category, changes["category_id"], "category")
    for field, value in changes.items():
        setattr(product, field, value)
    product.updated_at = utcnow()
    db.commit()
    db.refresh(product)
    return product


@router.delete(
    "/{product_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=NOT_FOUND,
)
def delete_product(product_id: int, db: Session = Depends(get_db)):
    """Soft delete: the product is deactivated, order history keeps pointing at it."""
    product = get_or_404(db, Product, product_id, "product")
    product.active = False
    product.updated_at = utcnow()
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
