def test_smoke_list_cart_items(client):
    r = client.get("/carts/1/items")
    assert r.status_code == 200
    assert [i["product_id"] for i in r.json()] == [1, 3]


def test_smoke_get_cart_item(client):
    r = client.get("/carts/1/items/1")
    assert r.status_code == 200
    assert r.json()["product_id"] == 1


def test_smoke_add_cart_item(client):
    r = client.post("/carts/1/items", json={"product_id": 2, "quantity": 1})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["cart_id"] == 1
    assert body["product_id"] == 2
    assert body["unit_price"] == 54.5


def test_smoke_update_cart_item(client):
    r = client.put("/carts/1/items/2", json={"quantity": 3})
    assert r.status_code == 200, r.text
    assert r.json()["quantity"] == 3


def test_smoke_remove_cart_item(client):
    r = client.delete("/carts/1/items/1")
    assert r.status_code == 200, r.text
    assert [i["id"] for i in r.json()["items"]] == [2]
