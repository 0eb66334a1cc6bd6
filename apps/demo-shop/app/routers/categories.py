from fastapi import APIRouter, Depends, Query, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.database import get_db
from app.models import Category, Product
from app.schemas.category import CategoryCreate, CategoryRead
from app.schemas.product import ProductRead
from app.schemas.common import NOT_FOUND
from app.services.lookup import get_or_404

router = APIRouter(prefix="/categories", tags=["categories"])


@router.get("", response_model=list[CategoryRead])
def list_categories(
    skip: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=500),
    db: Session = Depends(get_db),
):
    return db.scalars(select(Category).order_by(Category.id).offset(skip).limit(limit)).all()


@router.post("", response_model=CategoryRead, status_code=status.HTTP_201_CREATED)
def create_category(payload: CategoryCreate, db: Session = Depends(get_db)):
    category = Category(**payload.model_dump())
    db.add(category)
    db.commit()
    db.refresh(category)
    return category


@router.get("/{category_id}", response_model=CategoryRead, responses=NOT_FOUND)
def get_category(category_id: int, db: Session = Depends(get_db)):
    return get_or_404(db, Category, category_id, "category")


@router.get("/{category_id}/products", response_model=list[ProductRead], responses=NOT_FOUND)
def list_category_products(category_id: int, db: Session = Depends(get_db)):
    get_or_404(db, Category, category_id, "category")
    return db.scalars(select(Product).where(Product.category_id == category_id).order_by(Product.id)).all()
