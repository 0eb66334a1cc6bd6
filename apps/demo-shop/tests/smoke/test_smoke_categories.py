def test_smoke_list_categories(client):
    r = client.get("/categories")
    assert r.status_code == 200
    assert [c["name"] for c in r.json()][:2] == ["Books", "Games"]


def test_smoke_get_category(client):
    r = client.get("/categories/1")
    assert r.status_code == 200
    assert r.json()["name"] == "Books"


def test_smoke_list_category_products(client):
    r = client.get("/categories/1/products")
    assert r.status_code == 200
    assert {p["sku"] for p in r.json()} == {"BK-001", "BK-002"}


def test_smoke_create_category(client):
    r = client.post("/categories", json={"name": "Stationery", "description": "Pens and paper."})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["name"] == "Stationery"
    assert body["active"] is True
    assert client.get(f"/categories/{body['id']}").status_code == 200
