import { describe, expect, it } from 'vitest';
import { pythonDictKey } from './dict-key.js';
import { candidatesOf } from './test-support/python-context.js';

const models = `from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    total: Mapped[float]
    customer_name: Mapped[str]
`;
const schemas =
  'from pydantic import BaseModel\n\n\nclass PatientIn(BaseModel):\n    full_name: str\n    birth_date: str\n';
const stats =
  'def order_stats(orders):\n    if not orders:\n        return {"count": 0, "average_price": 0}\n' +
  '    return {\n        "count": len(orders),\n        "average_price": sum(orders) / len(orders),\n' +
  '    }\n';

async function run(body: string, key: string, line: number) {
  const service =
    `from sqlalchemy import func, select\n\nfrom app.models import Order\n` +
    `from app.schemas import PatientIn\nfrom app.stats import order_stats\n\n\n${body}`;
  const found = await candidatesOf(pythonDictKey, {
    files: { 'app/models.py': models, 'app/schemas.py': schemas, 'app/stats.py': stats, 'app/service.py': service },
    culprit: { file: 'app/service.py', line },
    exception: { type: 'KeyError', message: `'${key}'` },
  });
  return found.map((c) => [c.key, c.changed['app/service.py']?.split('\n')[line - 1]]);
}

describe('python.dict-key', () => {
  it('reads a key of a dict literal built in the same function (spelling)', async () => {
    const body =
      'def summary(orders):\n    out = {\n        "total": sum(orders),\n        "count": len(orders),\n' +
      '    }\n    out["items"] = orders\n    return out["totl"]\n';
    expect(await run(body, 'totl', 14)).toEqual([['python.dict-key#spelling', '    return out["total"]']]);
  });

  it('reads a key a project function returns (meaning) and a field of the schema dumped into the dict', async () => {
    const fromHelper =
      "def summary(orders):\n    figures = order_stats(orders)\n    return {'avg': figures['price_average']}\n";
    expect(await run(fromHelper, 'price_average', 10)).toEqual([
      ['python.dict-key#meaning', "    return {'avg': figures['average_price']}"],
    ]);
    const dumped = 'def born(payload: PatientIn):\n    data = payload.model_dump()\n    return data["date_of_birth"]\n';
    expect(await run(dumped, 'date_of_birth', 10)).toEqual([
      ['python.dict-key#meaning', '    return data["birth_date"]'],
    ]);
  });

  it('reads a column of the SQLAlchemy rows a select gives', async () => {
    const body =
      'def totals(session):\n    out = []\n' +
      '    for row in session.execute(select(Order.id, Order.total.label("amount"))).mappings():\n' +
      '        out.append(row["amout"])\n    return out\n';
    expect(await run(body, 'amout', 11)).toEqual([['python.dict-key#spelling', '        out.append(row["amount"])']]);
  });

  it(`reads a labelled column of the rows a comprehension iterates, the select assigned to a statement \
first`, async () => {
    const body = [
      'def report(session):',
      '    stmt = (',
      '        select(',
      '            Order.customer_name,',
      '            func.sum(Order.total).label("revenue"),',
      '        )',
      '        .group_by(Order.customer_name)',
      '    )',
      '    rows = session.execute(stmt).mappings().all()',
      '    return [{"name": r["customer_name"], "sum": r["revenu"]} for r in rows]',
      '',
    ].join('\n');
    expect(await run(body, 'revenu', 17)).toEqual([
      ['python.dict-key#spelling', '    return [{"name": r["customer_name"], "sum": r["revenue"]} for r in rows]'],
    ]);
    const inline =
      'def names(session):\n    rows = session.execute(select(Order.id, ' +
      'Order.customer_name)).mappings().all()\n    return [\n        r["custmer_name"]\n' +
      '        for r in rows\n    ]\n';
    expect(await run(inline, 'custmer_name', 11)).toEqual([['python.dict-key#spelling', '        r["customer_name"]']]);
  });

  it('reads the row key the destination names when neither spelling nor meaning finds one', async () => {
    const body =
      'def report(session):\n    rows = session.execute(select(Order.id, ' +
      'func.sum(Order.total).label("total_amount"))).mappings().all()\n' +
      '    return [{"id": r["id"], "total_amount_usd": float(r["total_usd"])} for r in rows]\n';
    expect(await run(body, 'total_usd', 10)).toEqual([
      [
        'python.dict-key#destination',
        '    return [{"id": r["id"], "total_amount_usd": float(r["total_amount"])} for r in rows]',
      ],
    ]);
    const keyword =
      'def report(session):\n    row = session.execute(select(Order.id, ' +
      'func.sum(Order.total).label("total_amount"))).mappings().one()\n' +
      '    return Report(total_amount_usd=row["total_usd"])\n';
    expect(await run(keyword, 'total_usd', 10)).toEqual([
      ['python.dict-key#destination', '    return Report(total_amount_usd=row["total_amount"])'],
    ]);
  });

  it('reads no key by destination when the destination does not name the missing key', async () => {
    const body =
      'def report(session):\n    rows = session.execute(select(Order.id, ' +
      'func.sum(Order.total).label("total_amount"))).mappings().all()\n' +
      '    return [{"id": r["id"], "value": float(r["total_usd"])} for r in rows]\n';
    expect(await run(body, 'total_usd', 10)).toEqual([]);
  });

  it('proposes nothing for a comprehension over rows whose keys are not known', async () => {
    const body =
      'def report(session, stmt):\n    rows = session.execute(stmt).mappings().all()\n' +
      '    return [r["revenu"] for r in rows]\n';
    expect(await run(body, 'revenu', 10)).toEqual([]);
  });

  it('proposes nothing for a dict filled from the request body (no known keys)', async () => {
    const body = 'async def create(request):\n    data = await request.json()\n    return data["nme"]\n';
    expect(await run(body, 'nme', 10)).toEqual([]);
    const param = 'def create(data: dict):\n    return data["nme"]\n';
    expect(await run(param, 'nme', 9)).toEqual([]);
  });

  it('pops (and deletes) a field of the dumped schema by the name it has', async () => {
    const popped =
      'def add(payload: PatientIn):\n    data = payload.model_dump()\n' +
      '    data["name"] = data.pop("fullname")\n    return data\n';
    expect(await run(popped, 'fullname', 10)).toEqual([
      ['python.dict-key#spelling', '    data["name"] = data.pop("full_name")'],
    ]);
    const deleted =
      'def add(payload: PatientIn):\n    data = payload.model_dump()\n    del data["date_of_birth"]\n    return data\n';
    expect(await run(deleted, 'date_of_birth', 10)).toEqual([
      ['python.dict-key#meaning', '    del data["birth_date"]'],
    ]);
  });

  it('leaves a pop of a request dict alone', async () => {
    const body =
      'async def add(request):\n    data = await request.json()\n    data["name"] = data.pop("fullname")\n' +
      '    return data\n';
    expect(await run(body, 'fullname', 10)).toEqual([]);
  });
});
