def test_smoke_list_orders(client):
    r = client.get("/orders")
    assert r.status_code == 200
    assert len(r.json()) >= 2


def test_smoke_get_order(client):
    r = client.get("/orders/1")
    assert r.status_code == 200
    assert r.json()["status"] == "pending"


def test_smoke_list_order_items(client):
    r = client.get("/orders/1/items")
    assert r.status_code == 200
    assert len(r.json()) == 1


def test_smoke_create_order(client):
    r = client.post("/orders", json={"cart_id": 1, "shipping_address": "1 Main St"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "pending"
    assert body["total_amount"] == 217.9
    assert len(body["items"]) == 2
    assert client.get("/carts/1").json()["status"] == "ordered"


def test_smoke_pay_order(client):
    r = client.post("/orders/1/pay", json={"method": "card"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "paid"
    assert body["payment_method"] == "card"
    assert body["paid_at"] is not None


def test_smoke_cancel_order(client):
    r = client.post("/orders/2/cancel")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "cancelled"
    assert body["cancelled_at"] is not None
