"""The agent of tools/bench/lanes-isolation.mjs: fixes the endpoint it is asked about; its fix
of /orders also breaks /stock (so a round holding it regresses and the loop isolates)."""
import os
import pathlib

endpoints = os.environ.get("SMOKE_REPAIR_ENDPOINTS", "")
routes = pathlib.Path("routes.py")
text = routes.read_text()
fixes = {
    "/items": ('"total": len(row)}', '"total": len(rows)}'),
    "/prices": ('{"tea": price}', '{"tea": 2.5}'),
    "/orders": ('{"orders": order_list}', '{"orders": []}'),
    "/users": ('{"users": user_list}', '{"users": []}'),
}
for endpoint, (wrong, right) in fixes.items():
    if endpoint in endpoints:
        text = text.replace(wrong, right)
        if endpoint == "/orders":
            text = text.replace('{"in_stock": 3}', '{"in_stock": 3 / 0}')
routes.write_text(text)
