import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonReturnedCoroutine } from './returned-coroutine.js';
import { candidatesOf } from './test-support/python-context.js';

// heldout10 bakehouse B03 (GET /orders/{order_id}/invoice), as the server logged it: the log keeps
// the first line; the next one shows `'input': <coroutine object build_invoice at 0x7f73bff90b80>`.
const invalid = { type: 'fastapi.exceptions.ResponseValidationError', message: '1 validation errors:' };

const router = `from fastapi import APIRouter, Depends

from app.services import invoice_service, order_service

router = APIRouter(prefix="/orders")


@router.get("/{order_id}/invoice", response_model=InvoiceRead)
async def get_invoice(order_id: int, db: Session = Depends(get_db)):
    order = order_service.get_order_or_404(db, order_id)
    return invoice_service.build_invoice(order)
`;
const invoices = `from app.services import pricing


async def build_invoice(order) -> InvoiceRead:
    percent = await pricing.discount_percent(order.customer.tier)
    return InvoiceRead(order_id=order.id, percent=percent)
`;
const orders = 'def get_order_or_404(db, order_id):\n    return db.get(Order, order_id)\n';
const pricing = 'async def discount_percent(tier) -> int:\n    return 5\n';

async function run(files: Record<string, string>, endpoint = 'GET /orders/{order_id}/invoice') {
  const found = await candidatesOf(pythonReturnedCoroutine, {
    files,
    exception: invalid,
    cause: { kind: 'runtime_error', endpoints: [endpoint] } as Partial<RootCause>,
  });
  return found.map((c) => c.changed);
}

const files = {
  'app/routers/orders.py': router,
  'app/services/invoice_service.py': invoices,
  'app/services/order_service.py': orders,
  'app/services/pricing.py': pricing,
};

describe('python.returned-coroutine', () => {
  it("awaits the project coroutine an async handler returns (a module's function)", async () => {
    expect(await run(files)).toEqual([
      {
        'app/routers/orders.py': router.replace(
          'return invoice_service.build_invoice(order)',
          'return await invoice_service.build_invoice(order)',
        ),
      },
    ]);
  });

  it('follows an awaited return into the service method that returns a coroutine un-awaited', async () => {
    const routes = `from fastapi import FastAPI

from app.service import ReportService

app = FastAPI()


@app.get("/reports/{year}", response_model=Report)
async def report(year: int):
    return await ReportService().yearly(year)
`;
    const service = `class ReportService:
    async def yearly(self, year: int) -> Report:
        if year < 2000:
            return Report(year=year, rows=[])
        return self.compute(year)

    async def compute(self, year: int) -> Report:
        return Report(year=year, rows=await fetch_rows(year))
`;
    const helper = 'async def fetch_rows(year):\n    return []\n';
    expect(
      await run({ 'app/main.py': routes, 'app/service.py': service, 'app/rows.py': helper }, 'GET /reports/{year}'),
    ).toEqual([{ 'app/service.py': service.replace('return self.compute(year)', 'return await self.compute(year)') }]);
  });

  it('leaves a sync handler, a name also defined as a plain function, and an awaited call', async () => {
    const sync = router.replace('async def get_invoice', 'def get_invoice');
    expect(await run({ ...files, 'app/routers/orders.py': sync })).toEqual([]);
    const plain = 'def build_invoice(order, lines):\n    return lines\n';
    expect(await run({ ...files, 'app/legacy.py': plain })).toEqual([]);
    const awaited = router.replace('return invoice_service', 'return await invoice_service');
    expect(await run({ ...files, 'app/routers/orders.py': awaited })).toEqual([]);
  });
});
