def test_smoke_health(client):
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_smoke_meta(client):
    r = client.get("/__meta")
    assert r.status_code == 200
    assert {"git_sha", "started_at", "t_ms"} <= r.json().keys()
