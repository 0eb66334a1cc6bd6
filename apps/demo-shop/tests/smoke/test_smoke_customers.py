def test_smoke_list_customers(client):
    r = client.get("/customers")
    assert r.status_code == 200
    assert len(r.json()) >= 2


def test_smoke_get_customer(client):
    r = client.get("/customers/1")
    assert r.status_code == 200
    assert r.json()["email"] == "ada@lovelace.dev"


def test_smoke_list_customer_orders(client):
    r = client.get("/customers/1/orders")
    assert r.status_code == 200
    assert [o["customer_id"] for o in r.json()] == [1]


def test_smoke_list_customer_carts(client):
    r = client.get("/customers/1/carts")
    assert r.status_code == 200
    assert [c["customer_id"] for c in r.json()] == [1]


def test_smoke_create_customer(client):
    r = client.post("/customers", json={"email": "grace@hopper.dev", "full_name": "Grace Hopper"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["email"] == "grace@hopper.dev"
    assert body["active"] is True


def test_smoke_update_customer(client):
    r = client.put("/customers/2", json={"phone": "+44 1908 640404"})
    assert r.status_code == 200, r.text
    assert r.json()["phone"] == "+44 1908 640404"


def test_smoke_delete_customer(client):
    r = client.delete("/customers/2")
    assert r.status_code == 204, r.text
    assert client.get("/customers/2").json()["active"] is False
