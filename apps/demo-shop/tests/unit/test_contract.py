from fastapi.routing import APIRoute

from app.main import app


def test_contract_documents_every_mounted_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in app.routes:
        if isinstance(route, APIRoute) and route.include_in_schema:
            for method in route.methods - {"HEAD"}:
                assert method.lower() in paths.get(route.path, {}), f"{method} {route.path} is not in the contract"


def test_contract_documents_create_status_codes(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/categories", "/products", "/customers", "/carts", "/orders"):
        assert "201" in paths[path]["post"]["responses"], path
