"""GET /report: a NameError (`totl`)."""


def handle():
    orders = [12.5, 7.25]
    total = sum(orders)
    return 200, {"total": totl, "orders": len(orders)}
