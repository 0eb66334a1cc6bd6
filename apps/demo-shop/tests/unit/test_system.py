import time


def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_meta_reports_fresh_process(client):
    before = int(time.time() * 1000)
    body = client.get("/__meta").json()
    assert isinstance(body["git_sha"], str) and body["git_sha"]
    assert "T" in body["started_at"]
    assert before - 1000 <= body["t_ms"] <= int(time.time() * 1000) + 1000


def test_request_id_is_echoed(client):
    r = client.get("/health", headers={"X-Request-ID": "smoke-123"})
    assert r.headers["x-request-id"] == "smoke-123"


def test_request_id_is_generated_when_missing_or_invalid(client):
    assert len(client.get("/health").headers["x-request-id"]) == 32
    assert client.get("/health", headers={"X-Request-ID": "bad id!"}).headers["x-request-id"] != "bad id!"


def test_unknown_route_is_404(client):
    assert client.get("/nope").status_code == 404
