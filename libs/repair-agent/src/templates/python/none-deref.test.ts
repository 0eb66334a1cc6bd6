import { describe, expect, it } from 'vitest';
import { pythonNoneDeref } from './none-deref.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

const service = [
  'from sqlalchemy.orm import Session',
  '',
  'from .models import Order',
  '',
  '',
  'def order_total(db: Session, order_id: int) -> float:',
  '    order = db.get(Order, order_id)',
  '    return order.total',
  '',
].join('\n');
const missingAttribute = { type: 'AttributeError', message: "'NoneType' object has no attribute 'total'" };
const documented404 = operation('GET /orders/{order_id}/total', { '200': { type: 'number' }, '404': null }, [
  'order_id',
]);

describe('python.none-deref', () => {
  it('raises the documented 404 right after a db.get(Model, id) in a service', async () => {
    const context = templateContext(
      { 'app/services.py': service },
      { culprit: { file: 'app/services.py', line: 8 }, exception: missingAttribute, operation: documented404 },
    );
    const [first, ...rest] = await allCandidates(pythonNoneDeref, context, 'app/services.py');
    expect(rest).toEqual([]);
    expect(first?.key).toBe('python.none-deref#raise-404');
    expect(first?.source).toBe(
      service
        .replace('from .models import Order\n', 'from .models import Order\nfrom fastapi import HTTPException\n')
        .replace(
          '    order = db.get(Order, order_id)\n',
          '    order = db.get(Order, order_id)\n    if order is None:\n' +
            '        raise HTTPException(status_code=404, detail="Order not found")\n',
        ),
    );
  });

  it('words the 404 detail as the project words its others, naming the id when they do', async () => {
    const routes =
      'from fastapi import HTTPException\n\n\ndef get_customer(db, customer_id: int):\n' +
      '    customer = db.get(Customer, customer_id)\n    if customer is None:\n' +
      '        raise HTTPException(status_code=404, detail=f"Customer {customer_id} not found")\n    return customer\n';
    const context = templateContext(
      { 'app/services.py': service, 'app/customers.py': routes },
      { culprit: { file: 'app/services.py', line: 8 }, exception: missingAttribute, operation: documented404 },
    );
    const [first] = await allCandidates(pythonNoneDeref, context, 'app/services.py');
    expect(first?.source).toContain(
      '        raise HTTPException(status_code=404, detail=f"Order {order_id} not found")\n',
    );
  });

  it("words the detail in lower case when the project's 404 details start so", async () => {
    const routes =
      'from fastapi import HTTPException\n\n\ndef get_customer(db, customer_id: int):\n' +
      '    customer = db.get(Customer, customer_id)\n    if customer is None:\n' +
      '        raise HTTPException(status_code=404, detail="customer not found")\n    return customer\n';
    const context = templateContext(
      { 'app/services.py': service, 'app/customers.py': routes },
      { culprit: { file: 'app/services.py', line: 8 }, exception: missingAttribute, operation: documented404 },
    );
    const [first] = await allCandidates(pythonNoneDeref, context, 'app/services.py');
    expect(first?.source).toContain('        raise HTTPException(status_code=404, detail="order not found")\n');
  });

  it("reads pydantic's validation error on Out.model_validate(x) as the None the lookup left", async () => {
    const handler = service.replace('    return order.total', '    return OrderOut.model_validate(order)');
    const invalid = {
      type: 'pydantic_core._pydantic_core.ValidationError',
      message: '1 validation error for OrderOut',
    };
    const context = templateContext(
      { 'app/services.py': handler },
      { culprit: { file: 'app/services.py', line: 8 }, exception: invalid, operation: documented404 },
    );
    const found = await allCandidates(pythonNoneDeref, context, 'app/services.py');
    expect(found.map((c) => c.key)).toEqual(['python.none-deref#raise-404']);
    expect(found[0]!.source).toContain('    order = db.get(Order, order_id)\n    if order is None:\n');
    // Another model's error, or a line that validates something else: nothing.
    const other = templateContext(
      { 'app/services.py': handler },
      {
        culprit: { file: 'app/services.py', line: 8 },
        exception: { ...invalid, message: '1 validation error for LineOut' },
        operation: documented404,
      },
    );
    expect(await allCandidates(pythonNoneDeref, other, 'app/services.py')).toEqual([]);
  });

  it("reuses the codebase's own not-found exception first for a mapping lookup that is subscripted", async () => {
    const route = [
      'from fastapi import APIRouter',
      '',
      'from ..store import CARTS',
      '',
      'router = APIRouter()',
      '',
      '',
      '@router.get("/carts/{cart_id}")',
      'def read_cart(cart_id: str):',
      '    cart = CARTS.get(cart_id)',
      '    return {"id": cart_id, "items": cart["items"]}',
      '',
    ].join('\n');
    const files = {
      'app/routers/carts.py': route,
      'app/errors.py': 'class ResourceNotFound(Exception):\n    pass\n',
      'app/main.py':
        'app = FastAPI()\n\n\n@app.exception_handler(ResourceNotFound)\n' +
        'async def not_found(request, exc):\n' +
        '    return JSONResponse(status_code=404, content={"detail": str(exc)})\n',
      'app/routers/customers.py':
        'from ..errors import ResourceNotFound\n\n\ndef read(customer_id):\n' +
        '    raise ResourceNotFound("Customer not found")\n',
      'app/store.py': 'CARTS = {}\n',
    };
    const context = templateContext(files, {
      culprit: { file: 'app/routers/carts.py', line: 11 },
      exception: { type: 'TypeError', message: "'NoneType' object is not subscriptable" },
      operation: operation('GET /carts/{cart_id}', { '200': null, '404': null }, ['cart_id']),
    });
    const candidates = await allCandidates(pythonNoneDeref, context, 'app/routers/carts.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.none-deref#own-exception', 'python.none-deref#raise-404']);
    expect(candidates[0]!.source).toContain('from ..errors import ResourceNotFound\n');
    expect(candidates[0]!.source).toContain(
      '    cart = CARTS.get(cart_id)\n    if cart is None:\n' +
        '        raise ResourceNotFound("Cart not found")\n    return',
    );
    expect(candidates[1]!.source).toContain('from fastapi import APIRouter, HTTPException\n');
    expect(candidates[1]!.source).toContain('        raise HTTPException(status_code=404, detail="Cart not found")\n');
  });

  it(`names, checks and returns a lookup the handler returned as is (ResponseValidationError, no app \
frame)`, async () => {
    const route = [
      'from fastapi import APIRouter, Depends, HTTPException',
      '',
      'router = APIRouter(prefix="/items")',
      '',
      '',
      '@router.get("/{item_id}", response_model=ItemOut)',
      'def read_item(item_id: int, db: Session = Depends(get_db)):',
      '    return crud.get_item(db, item_id)',
      '',
    ].join('\n');
    const endpoint = 'GET /items/{item_id}';
    const context = templateContext(
      { 'app/items.py': route },
      {
        cause: { violations: [{ endpoint }] as never, endpoints: [endpoint] },
        exception: { type: 'fastapi.exceptions.ResponseValidationError', message: '1 validation errors:' },
        operation: operation(endpoint, { '200': null, '404': null }, ['item_id']),
      },
    );
    const [only] = await allCandidates(pythonNoneDeref, context, 'app/items.py');
    expect(only?.source).toBe(
      route.replace(
        '    return crud.get_item(db, item_id)\n',
        '    item = crud.get_item(db, item_id)\n    if item is None:\n' +
          '        raise HTTPException(status_code=404, detail="Item not found")\n    return item\n',
      ),
    );
  });

  it('checks in the caller when None is dereferenced in a repository it was passed to (session.delete)', async () => {
    const route =
      'def delete_order(order_id: int, repo = Depends(get_repo)):\n    order = repo.find_by_id(order_id)\n' +
      '    repo.remove(order)\n';
    const repository =
      'class Repo:\n    def remove(self, order):\n        self.db.delete(order)\n        self.db.commit()\n';
    const context = templateContext(
      { 'app/routes.py': route, 'app/repo.py': repository },
      {
        cause: {
          trace: {
            frames: [
              { file: '/app/app/routes.py', line: 3, inApp: true },
              { file: '/app/app/repo.py', line: 3, inApp: true },
            ],
          } as never,
        },
        culprit: { file: 'app/repo.py', line: 3 },
        exception: {
          type: 'sqlalchemy.orm.exc.UnmappedInstanceError',
          message: "Class 'builtins.NoneType' is not mapped",
        },
        operation: operation('DELETE /orders/{order_id}', { '204': null, '404': null }, ['order_id']),
      },
    );
    const [only] = await allCandidates(pythonNoneDeref, context, 'app/routes.py');
    expect(only?.source).toBe(
      'from fastapi import HTTPException\n' +
        route.replace(
          '(order_id)\n',
          '(order_id)\n    if order is None:\n        raise HTTPException(status_code=404, detail="Order not found")\n',
        ),
    );
  });

  it(`turns a multi-line select(...).scalar_one() of a repository into scalar_one_or_none() and checks it \
(NoResultFound)`, async () => {
    const repository = [
      'class ItemRepository:',
      '    def get(self, item_id: int) -> Item:',
      '        return self.session.execute(',
      '            select(Item).where(Item.id == item_id)',
      '        ).scalar_one()',
      '',
    ].join('\n');
    const context = templateContext(
      { 'app/repo.py': repository },
      {
        cause: { trace: { frames: [{ file: '/app/app/repo.py', line: 3, inApp: true }] } as never },
        culprit: { file: 'app/repo.py', line: 3 },
        exception: { type: 'sqlalchemy.exc.NoResultFound', message: 'No row was found when one was required' },
        operation: operation('GET /items/{item_id}', { '200': null, '404': null }, ['item_id']),
      },
    );
    const [only] = await allCandidates(pythonNoneDeref, context, 'app/repo.py');
    expect(only?.source).toBe(
      'from fastapi import HTTPException\n' +
        repository
          .replace('        return self.session.execute(', '        item = self.session.execute(')
          .replace(
            '        ).scalar_one()\n',
            '        ).scalar_one_or_none()\n        if item is None:\n' +
              '            raise HTTPException(status_code=404, detail="Item not found")\n' +
              '        return item\n',
          ),
    );
  });

  it(`follows an async result to the statement that selected by the id, and reads next(..., None) \
lookups`, async () => {
    const route = [
      'router = APIRouter()',
      '',
      '',
      '@router.get("/items/{item_id}", response_model=ItemOut)',
      'async def read_item(item_id: int, db: AsyncSession = Depends(get_db)):',
      '    result = await db.execute(select(Item).where(Item.id == item_id))',
      '    item = result.scalar_one_or_none()',
      '    return item',
      '',
    ].join('\n');
    const endpoint = 'GET /items/{item_id}';
    const context = templateContext(
      { 'app/items.py': route },
      {
        cause: { violations: [{ endpoint }] as never },
        exception: { type: 'fastapi.exceptions.ResponseValidationError', message: '1 validation errors:' },
        operation: operation(endpoint, { '200': null, '404': null }, ['item_id']),
      },
    );
    const [only] = await allCandidates(pythonNoneDeref, context, 'app/items.py');
    expect(only?.source).toContain(
      '    item = result.scalar_one_or_none()\n    if item is None:\n' +
        '        raise HTTPException(status_code=404, detail="Item not found")\n    return item\n',
    );
    const memory =
      'def read_book(book_id: int):\n    book = next((b for b in BOOKS if b["id"] == book_id), None)\n' +
      '    return {"title": book["title"]}\n';
    const inMemory = templateContext(
      { 'app/books.py': memory },
      {
        culprit: { file: 'app/books.py', line: 3 },
        exception: { type: 'TypeError', message: "'NoneType' object is not subscriptable" },
        operation: operation('GET /books/{book_id}', { '200': null, '404': null }, ['book_id']),
      },
    );
    const [book] = await allCandidates(pythonNoneDeref, inMemory, 'app/books.py');
    expect(book?.source).toContain(
      'None)\n    if book is None:\n        raise HTTPException(status_code=404, detail="Book not found")\n',
    );
  });

  it(`reads a call to a project function declared to return None (-> X | None, Optional[X]) as a lookup, whatever its \
name`, async () => {
    const shipments =
      'def latest_for(db, order_id: int) -> Shipment | None:\n    return db.scalars(stmt).first()\n\n\n' +
      'def planned(db, order_id: int) -> Optional[Shipment]:\n    return None\n';
    const eta = [
      'from app import shipments',
      '',
      '',
      'def order_eta(db, order_id: int):',
      '    shipment = shipments.latest_for(db, order_id)',
      '    return shipment.eta',
      '',
    ].join('\n');
    const exception = { type: 'AttributeError', message: "'NoneType' object has no attribute 'eta'" };
    const op = operation('GET /orders/{order_id}/eta', { '200': { type: 'string' }, '404': null }, ['order_id']);
    for (const fn of ['latest_for', 'planned']) {
      const source = eta.replace('latest_for', fn);
      const context = templateContext(
        { 'app/shipments.py': shipments, 'app/eta.py': source },
        { culprit: { file: 'app/eta.py', line: 6 }, exception, operation: op },
      );
      const [first] = await allCandidates(pythonNoneDeref, context, 'app/eta.py');
      expect(first?.key).toBe('python.none-deref#raise-404');
      expect(first?.source).toContain(
        `    shipment = shipments.${fn}(db, order_id)\n    if shipment is None:\n` +
          `        raise HTTPException(status_code=404`,
      );
    }
    // Declared to return a Shipment: the None comes from elsewhere, no 404 for the order.
    const certain = templateContext(
      { 'app/shipments.py': shipments.replace('-> Shipment | None', '-> Shipment'), 'app/eta.py': eta },
      { culprit: { file: 'app/eta.py', line: 6 }, exception, operation: op },
    );
    expect(await allCandidates(pythonNoneDeref, certain, 'app/eta.py')).toEqual([]);
  });

  it("reads a lookup by a required query parameter as the request's key, the None passed on to a mapper", async () => {
    const lookup = [
      'from fastapi import HTTPException',
      '',
      '',
      'def to_read(pet):',
      '    return {"id": pet.id, "name": pet.name}',
      '',
      '',
      'def find_by_chip(db, chip: str):',
      '    pet = repository.get_by_chip(db, chip)',
      '    return to_read(pet)',
      '',
    ].join('\n');
    const byQuery = (required: boolean) => ({
      ...operation('GET /pets/lookup', { '200': { type: 'object' }, '404': null }),
      parameters: [{ name: 'chip', in: 'query' as const, required, schema: { type: 'string' } }],
    });
    const cause = {
      trace: {
        frames: [
          { file: '/app/app/pets.py', line: 10, inApp: true },
          { file: '/app/app/pets.py', line: 5, inApp: true },
        ],
      },
    } as never;
    const context = (required: boolean) =>
      templateContext(
        { 'app/pets.py': lookup },
        {
          cause,
          culprit: { file: 'app/pets.py', line: 5 },
          exception: { type: 'AttributeError', message: "'NoneType' object has no attribute 'id'" },
          operation: byQuery(required),
        },
      );
    const [only] = await allCandidates(pythonNoneDeref, context(true), 'app/pets.py');
    expect(only?.source).toBe(
      lookup.replace(
        '    pet = repository.get_by_chip(db, chip)\n',
        '    pet = repository.get_by_chip(db, chip)\n    if pet is None:\n' +
          '        raise HTTPException(status_code=404, detail="Pet not found")\n',
      ),
    );
    // An optional filter is no key: a miss on it is not the resource missing.
    expect(await allCandidates(pythonNoneDeref, context(false), 'app/pets.py')).toEqual([]);
  });

  it('does not fire when the operation documents no 404, or the lookup is not by the request id', async () => {
    const undocumented = templateContext(
      { 'app/services.py': service },
      {
        culprit: { file: 'app/services.py', line: 8 },
        exception: missingAttribute,
        operation: operation('GET /orders/{order_id}/total', { '200': null }),
      },
    );
    expect(await allCandidates(pythonNoneDeref, undocumented, 'app/services.py')).toEqual([]);
    const settings = service.replace('db.get(Order, order_id)', 'db.get(Order, 1)');
    const fixedRow = templateContext(
      { 'app/services.py': settings },
      { culprit: { file: 'app/services.py', line: 8 }, exception: missingAttribute, operation: documented404 },
    );
    expect(await allCandidates(pythonNoneDeref, fixedRow, 'app/services.py')).toEqual([]);
    // The order was found; its optional customer is the None: no 404 for the order.
    const relation = service.replace('return order.total', 'return order.customer.name');
    const optional = templateContext(
      { 'app/services.py': relation },
      {
        culprit: { file: 'app/services.py', line: 8 },
        exception: { type: 'AttributeError', message: "'NoneType' object has no attribute 'name'" },
        operation: documented404,
      },
    );
    expect(await allCandidates(pythonNoneDeref, optional, 'app/services.py')).toEqual([]);
    // A second query keyed by the found order's id through a column named like the request's id: no 404 either.
    const secondary = service.replace(
      '    return order.total',
      '    line = db.scalars(select(Line).where(Line.order_id == order.id)).first()\n    return line.total',
    );
    const bySecondary = templateContext(
      { 'app/services.py': secondary },
      { culprit: { file: 'app/services.py', line: 9 }, exception: missingAttribute, operation: documented404 },
    );
    expect(await allCandidates(pythonNoneDeref, bySecondary, 'app/services.py')).toEqual([]);
  });
});
