import pytest
from fastapi.testclient import TestClient

from app.main import app


@pytest.fixture
def client():
    """A client on a freshly seeded database (the app's startup rebuilds it)."""
    with TestClient(app) as c:
        yield c
