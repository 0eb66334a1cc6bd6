"""GET /prices: `price_list` is a typo of the local `prices_list` (a NameError)."""


def handle():
    prices_list = [{"name": "tea", "price": 2.5}, {"name": "coffee", "price": 3.0}]
    return 200, {"prices": prices_list, "count": len(price_list)}
