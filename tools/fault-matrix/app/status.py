"""GET /status: passes (the fault matrix's agent breaks it with its first /prices fix)."""


def handle():
    return 200, {"ok": True}
