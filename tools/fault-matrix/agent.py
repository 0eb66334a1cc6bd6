"""The fault matrix's agent command (repair.command), run in its scratch copy of the app.

It thinks for argv[1] seconds (the repair phase lasts long enough for a signal to land in it),
prints AGENT_TOKEN (a secret its transcript must not keep), and fixes the endpoint it is given
(SMOKE_REPAIR_ENDPOINTS). Its first /prices fix also breaks /status: a round of two patches that
regresses, so the loop isolates the culprit patch by patch; its second attempt is right.
"""
import os
import pathlib
import sys
import time

time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 0)
print(f"agent starting with token {os.environ.get('AGENT_TOKEN', '')}", flush=True)
endpoints = os.environ.get("SMOKE_REPAIR_ENDPOINTS", "")
attempt = int(os.environ.get("SMOKE_REPAIR_ATTEMPT", "1"))


def edit(name, old, new):
    path = pathlib.Path(name)
    path.write_text(path.read_text().replace(old, new))


if "/report" in endpoints:
    edit("report.py", '"total": totl', '"total": total')
if "/prices" in endpoints:
    edit("prices.py", "len(price_list)", "len(prices_list)")
    if attempt == 1:
        edit("status.py", '{"ok": True}', '{"ok": 1 / 0}')
