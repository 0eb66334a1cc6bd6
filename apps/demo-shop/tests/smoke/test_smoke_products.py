def test_smoke_list_products(client):
    r = client.get("/products")
    assert r.status_code == 200
    assert len(r.json()) >= 3


def test_smoke_get_product(client):
    r = client.get("/products/1")
    assert r.status_code == 200
    assert r.json()["sku"] == "BK-001"


def test_smoke_create_product(client):
    payload = {"sku": "ST-042", "name": "Fountain pen", "price": 24.5, "stock_quantity": 10, "category_id": 1}
    r = client.post("/products", json=payload)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["sku"] == "ST-042"
    assert body["price"] == 24.5
    assert body["active"] is True


def test_smoke_update_product(client):
    r = client.put("/products/2", json={"price": 49.99, "stock_quantity": 12})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["price"] == 49.99
    assert body["stock_quantity"] == 12


def test_smoke_delete_product(client):
    r = client.delete("/products/3")
    assert r.status_code == 204, r.text
    assert client.get("/products/3").json()["active"] is False
