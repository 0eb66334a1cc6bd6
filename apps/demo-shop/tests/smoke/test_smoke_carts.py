def test_smoke_list_carts(client):
    r = client.get("/carts")
    assert r.status_code == 200
    assert len(r.json()) >= 2


def test_smoke_get_cart(client):
    r = client.get("/carts/1")
    assert r.status_code == 200
    assert len(r.json()["items"]) == 2


def test_smoke_get_cart_total(client):
    r = client.get("/carts/1/total")
    assert r.status_code == 200
    assert r.json() == {"cart_id": 1, "item_count": 3, "total": 217.9}


def test_smoke_create_cart(client):
    r = client.post("/carts", json={"customer_id": 2})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["customer_id"] == 2
    assert body["status"] == "open"
    assert body["items"] == []


def test_smoke_delete_cart(client):
    r = client.delete("/carts/2")
    assert r.status_code == 204, r.text
    assert client.get("/carts/2").json()["status"] == "abandoned"
