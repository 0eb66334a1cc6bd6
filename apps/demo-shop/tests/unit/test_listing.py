import pytest


@pytest.mark.parametrize(
    ("path", "at_least"),
    [("/categories", 2), ("/products", 3), ("/customers", 2), ("/carts", 2), ("/orders", 2)],
)
def test_list_endpoints_serve_seed_data(client, path, at_least):
    r = client.get(path)
    assert r.status_code == 200
    assert len(r.json()) >= at_least


def test_list_pagination(client):
    assert len(client.get("/products", params={"limit": 1}).json()) == 1


def test_get_seeded_product(client):
    assert client.get("/products/1").json()["name"] == "The Pragmatic Programmer"


def test_missing_product_is_404(client):
    assert client.get("/products/999").status_code == 404


def test_startup_resets_database(client):
    from fastapi.testclient import TestClient

    from app.main import app

    with TestClient(app) as fresh:
        assert len(fresh.get("/products").json()) == 3
