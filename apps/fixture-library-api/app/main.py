"""The library API: books, members and their cards, loans, returns."""
import json
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from app.database import init_db
from app.routers import books, loans, members, system

CONTRACT = Path(__file__).resolve().parent.parent / "openapi.json"


@asynccontextmanager
async def lifespan(_: FastAPI):
    init_db()
    yield


app = FastAPI(title="fixture-library-api", version="1.0.0", lifespan=lifespan)

app.include_router(system.router)
app.include_router(books.router, prefix="/books", tags=["books"])
app.include_router(members.router, prefix="/members", tags=["members"])
app.include_router(loans.router, prefix="/loans", tags=["loans"])


def contract() -> dict:
    """Spec-first: serve the contract the API was written from."""
    if app.openapi_schema is None:
        app.openapi_schema = json.loads(CONTRACT.read_text(encoding="utf-8"))
    return app.openapi_schema


app.openapi = contract
