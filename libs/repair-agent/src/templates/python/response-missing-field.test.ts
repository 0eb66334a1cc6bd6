import { describe, expect, it } from 'vitest';
import { pythonResponseMissingField } from './response-missing-field.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

const models = [
  'class Base(DeclarativeBase):',
  '    pass',
  '',
  '',
  'class Project(Base):',
  '    id: Mapped[int] = mapped_column(primary_key=True)',
  '    title: Mapped[str]',
  '    owner: Mapped[str]',
  '    tasks: Mapped[list["Task"]] = relationship()',
  '',
  '',
  'class Item(Base):',
  '    id: Mapped[int] = mapped_column(primary_key=True)',
  '    name: Mapped[str]',
  '    price: Mapped[float]',
  '',
].join('\n');
const schemas =
  'class ProjectSummary(BaseModel):\n    id: int\n    title: str\n    owner_name: str\n' +
  '    task_count: int\n\n\nclass ItemView(BaseModel):\n    id: int\n    name: str\n    unit_price: float\n';
const required = (...names: string[]) => ({
  type: 'object',
  properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])),
  required: names,
});
const failure = { type: 'fastapi.exceptions.ResponseValidationError', message: '1 validation errors:' };

function context(route: string, endpoint: string, schema: Record<string, unknown>) {
  return templateContext(
    { 'app/models.py': models, 'app/schemas.py': schemas, 'app/routes.py': route },
    {
      cause: { violations: [{ endpoint }] as never, endpoints: [endpoint] },
      exception: failure,
      operation: operation(endpoint, { '200': schema, '404': null }),
    },
  );
}

describe('python.response-missing-field', () => {
  it('adds the missing key of a returned dict from the entity attribute it names', async () => {
    const route = [
      'router = APIRouter(prefix="/projects")',
      '',
      '',
      '@router.get("/{project_id}/summary", response_model=ProjectSummary)',
      'def project_summary(project_id: int, db: Session = Depends(get_db)):',
      '    project = db.get(Project, project_id)',
      '    return {"id": project.id, "title": project.title, "task_count": len(project.tasks)}',
      '',
    ].join('\n');
    const ctx = context(
      route,
      'GET /projects/{project_id}/summary',
      required('id', 'title', 'owner_name', 'task_count'),
    );
    const [only, ...rest] = await allCandidates(pythonResponseMissingField, ctx, 'app/routes.py');
    expect(rest).toEqual([]);
    expect(only?.source).toBe(route.replace('len(project.tasks)}', 'len(project.tasks), "owner_name": project.owner}'));
  });

  it('counts the collection a missing *_count field names, in the snake_case of a camelCase contract', async () => {
    const route = [
      'router = APIRouter(prefix="/projects")',
      '',
      '',
      '@router.get("/{project_id}/summary", response_model=ProjectSummary)',
      'def project_summary(project_id: int, db: Session = Depends(get_db)):',
      '    project = db.get(Project, project_id)',
      '    return {',
      '        "id": project.id,',
      '        "title": project.title,',
      '        "owner_name": project.owner,',
      '    }',
      '',
    ].join('\n');
    // A response schema shaped like the entity, through the project's own pydantic base, is no entity.
    const camel =
      'class CamelModel(BaseModel):\n    model_config = ConfigDict(alias_generator=to_camel)\n\n\n' +
      'class ProjectOut(CamelModel):\n    id: int\n    title: str\n    owner: str\n';
    const endpoint = 'GET /projects/{project_id}/summary';
    const ctx = templateContext(
      { 'app/models.py': models, 'app/schemas.py': schemas, 'app/camel.py': camel, 'app/routes.py': route },
      {
        cause: { violations: [{ endpoint }] as never, endpoints: [endpoint] },
        exception: failure,
        operation: operation(endpoint, { '200': required('id', 'title', 'ownerName', 'taskCount'), '404': null }),
      },
    );
    const [only, ...rest] = await allCandidates(pythonResponseMissingField, ctx, 'app/routes.py');
    expect(rest).toEqual([]);
    expect(only?.source).toBe(
      route.replace(
        '        "owner_name": project.owner,\n',
        '        "owner_name": project.owner,\n        "task_count": len(project.tasks),\n',
      ),
    );
  });

  it('invents no count for an entity without the collection', async () => {
    const route =
      'router = APIRouter()\n\n\n@router.get("/items/{item_id}")\n' +
      'def read_item(item_id: int, db: Session = Depends(get_db)):\n    item = db.get(Item, item_id)\n' +
      '    return {"id": item.id, "name": item.name, "price": item.price}\n';
    const ctx = context(route, 'GET /items/{item_id}', required('id', 'name', 'price', 'order_count'));
    expect(await allCandidates(pythonResponseMissingField, ctx, 'app/routes.py')).toEqual([]);
  });

  it('adds a keyword to a multi-line response constructor, one line like its siblings', async () => {
    const route = [
      'router = APIRouter()',
      '',
      '',
      '@router.get("/items/{item_id}")',
      'def read_item(item_id: int, repo: ItemRepository = Depends()):',
      '    item = repo.get(item_id)',
      '    return ItemView(',
      '        id=item.id,',
      '        name=item.name',
      '    )',
      '',
    ].join('\n');
    const ctx = context(route, 'GET /items/{item_id}', required('id', 'name', 'unit_price'));
    const [only] = await allCandidates(pythonResponseMissingField, ctx, 'app/routes.py');
    expect(only?.source).toBe(
      route.replace('        name=item.name\n', '        name=item.name,\n        unit_price=item.price,\n'),
    );
  });

  it("fills the dict a service builds when the handler returns the service's result", async () => {
    const route =
      'router = APIRouter()\n\n\n@router.get("/projects/{project_id}/summary")\n' +
      'def project_summary(project_id: int):\n    return service.summarise(project_id)\n';
    const service =
      'def summarise(project_id):\n    project = repo.get(project_id)\n    return {\n' +
      '        "id": project.id,\n        "title": project.title\n    }\n';
    const endpoint = 'GET /projects/{project_id}/summary';
    const ctx = templateContext(
      { 'app/models.py': models, 'app/schemas.py': schemas, 'app/routes.py': route, 'app/service.py': service },
      {
        cause: { violations: [{ endpoint }] as never },
        exception: failure,
        operation: operation(endpoint, { '200': required('id', 'title', 'owner_name') }),
      },
    );
    const [only] = await allCandidates(pythonResponseMissingField, ctx, 'app/service.py');
    expect(only?.source).toBe(
      service.replace(
        '        "title": project.title\n',
        '        "title": project.title,\n        "owner_name": project.owner,\n',
      ),
    );
  });

  it(`fixes the whole frameless group: the missing field, and the 404 of another endpoint returning an unchecked \
lookup`, async () => {
    const route = [
      'from fastapi import APIRouter, HTTPException',
      '',
      'router = APIRouter()',
      '',
      '',
      '@router.get("/items/{item_id}", response_model=ItemView)',
      'def read_item(item_id: int):',
      '    item = repo.get(item_id)',
      '    return {"id": item.id, "name": item.name}',
      '',
      '',
      '@router.get("/items/{item_id}/raw", response_model=ItemView)',
      'def raw_item(item_id: int):',
      '    return repo.get(item_id)',
      '',
    ].join('\n');
    const files = { 'app/models.py': models, 'app/schemas.py': schemas, 'app/routes.py': route };
    const ctx = templateContext(files, {
      cause: { violations: [{ endpoint: 'GET /items/{item_id}' }, { endpoint: 'GET /items/{item_id}/raw' }] as never },
      exception: failure,
      operation: operation('GET /items/{item_id}', { '200': required('id', 'name', 'unit_price'), '404': null }, [
        'item_id',
      ]),
    });
    const raw = operation('GET /items/{item_id}/raw', { '200': required('id', 'name', 'unit_price'), '404': null }, [
      'item_id',
    ]);
    const context = { ...ctx, contract: { ...ctx.contract!, operations: [...ctx.contract!.operations, raw] } };
    const [only] = await allCandidates(pythonResponseMissingField, context, 'app/routes.py');
    expect(only?.key).toBe('python.response-missing-field#entity+404');
    expect(only?.source).toBe(
      route
        .replace('"name": item.name}', '"name": item.name, "unit_price": item.price}')
        .replace(
          '    return repo.get(item_id)\n',
          '    item = repo.get(item_id)\n    if item is None:\n' +
            '        raise HTTPException(status_code=404, detail="Item not found")\n    return item\n',
        ),
    );
  });

  describe('a computed document lacking its date-time stamp', () => {
    const stamp = (...others: string[]) => ({
      type: 'object',
      properties: {
        generated_at: { type: 'string', format: 'date-time' },
        ...Object.fromEntries(others.map((n) => [n, { type: 'number' }])),
      },
      required: ['generated_at', ...others],
    });
    const route =
      'router = APIRouter()\n\n\n@router.get("/reports/totals")\n' +
      'def totals(service: ReportService = Depends(report_service)):\n    return service.totals()\n';
    const service = (body: string) =>
      `from collections import defaultdict\n\n\nclass ReportService:\n    def __init__(self, db):\n` +
      `        self.db = db\n\n    def totals(self):\n${body}`;
    const run = (serviceSource: string, schema: Record<string, unknown> = stamp('total')) =>
      allCandidates(
        pythonResponseMissingField,
        templateContext(
          { 'app/models.py': models, 'app/routes.py': route, 'app/report_service.py': serviceSource },
          {
            cause: { violations: [{ endpoint: 'GET /reports/totals' }] as never },
            exception: failure,
            operation: operation('GET /reports/totals', { '200': schema }),
          },
        ),
        'app/report_service.py',
      );

    it("stamps the report a method of the handler's annotated service builds with the moment it is made", async () => {
      const built = service(
        '        rows = self.rows()\n        return {\n' +
          '            "total": sum(r["amount"] for r in rows),\n        }\n',
      );
      const [only, ...rest] = await run(built);
      expect(rest).toEqual([]);
      expect(only?.key).toBe('python.response-missing-field#now');
      expect(only?.source).toBe(
        built
          .replace(
            'from collections import defaultdict\n',
            'from collections import defaultdict\nfrom datetime import datetime, timezone\n',
          )
          .replace(
            '            "total": sum(r["amount"] for r in rows),\n',
            '            "total": sum(r["amount"] for r in rows),\n' +
              '            "generated_at": datetime.now(timezone.utc),\n',
          ),
      );
    });

    it('stamps a one-line dict returned by the handler itself, extending its datetime import', async () => {
      const own =
        'from datetime import datetime\n\nrouter = APIRouter()\n\n\n@router.get("/reports/totals")\n' +
        'def totals():\n    return {"total": 0}\n';
      const ctx = templateContext(
        { 'app/models.py': models, 'app/routes.py': own },
        {
          cause: { violations: [{ endpoint: 'GET /reports/totals' }] as never },
          exception: failure,
          operation: operation('GET /reports/totals', { '200': stamp('total') }),
        },
      );
      const [only] = await allCandidates(pythonResponseMissingField, ctx, 'app/routes.py');
      expect(only?.source).toBe(
        own
          .replace('from datetime import datetime\n', 'from datetime import datetime, timezone\n')
          .replace('{"total": 0}', '{"total": 0, "generated_at": datetime.now(timezone.utc)}'),
      );
    });

    it(`invents no moment for a dict read from an entity, a field that is no date-time, or a moment that is the \
report's data`, async () => {
      expect(
        await run(service('        account = self.db.get(1)\n        return {"total": account.balance}\n')),
      ).toEqual([]);
      const other = {
        type: 'object',
        properties: { generated_by: { type: 'string' }, total: { type: 'number' } },
        required: ['generated_by', 'total'],
      };
      expect(await run(service('        return {"total": 0}\n'), other)).toEqual([]);
      // A moment that is the report's data (the period it covers), not the moment it is made.
      const period = {
        type: 'object',
        properties: { period_start: { type: 'string', format: 'date-time' }, total: { type: 'number' } },
        required: ['period_start', 'total'],
      };
      expect(await run(service('        return {"total": 0}\n'), period)).toEqual([]);
    });
  });

  describe('a field the project computes elsewhere from the same entity', () => {
    const mapper =
      'from app import tax\n\n\ndef to_view(db, it):\n' +
      '    return ItemView(id=it.id, name=it.name, total_due=it.price + tax.of(db, it.id))\n';
    const create = (imports: string) =>
      `${imports}router = APIRouter()\n\n\n@router.post("/items")\ndef create_item(db, payload):\n` +
      `    item = repo.add(db, payload)\n    return {"id": item.id, "name": item.name}\n`;
    const run = (route: string, others: Record<string, string> = { 'app/mappers.py': mapper }) =>
      allCandidates(
        pythonResponseMissingField,
        templateContext(
          { 'app/models.py': models, 'app/schemas.py': schemas, 'app/routes.py': route, ...others },
          {
            cause: { violations: [{ endpoint: 'POST /items' }] as never },
            exception: failure,
            operation: operation('POST /items', { '201': required('id', 'name', 'total_due') }),
          },
        ),
        'app/routes.py',
      );

    it("copies the other mapper's expression, its entity renamed, when every name it reads is bound here", async () => {
      const route = create('from app import tax\n\n');
      const [only] = await run(route);
      expect(only?.source).toBe(
        route.replace('"name": item.name}', '"name": item.name, "total_due": item.price + tax.of(db, item.id)}'),
      );
    });

    it('copies nothing that reads a name unbound here, or when the project computes the field two ways', async () => {
      expect(await run(create(''))).toEqual([]);
      const twice = { 'app/mappers.py': mapper, 'app/other.py': 'def brief(x):\n    return {"total_due": x.price}\n' };
      expect(await run(create('from app import tax\n\n'), twice)).toEqual([]);
    });
  });

  describe('a value written under an undocumented key the missing field names', () => {
    it('renames the key of a one-line dict the handler returns', async () => {
      const route =
        'router = APIRouter()\n\n\n@router.get("/items/{item_id}")\ndef read_item(item_id: int):\n' +
        '    item = repo.get(item_id)\n    return {"id": item.id, "name": item.name, "price": item.price}\n';
      const ctx = context(route, 'GET /items/{item_id}', required('id', 'name', 'unit_price'));
      const [only, ...rest] = await allCandidates(pythonResponseMissingField, ctx, 'app/routes.py');
      expect(rest).toEqual([]);
      expect(only?.source).toBe(route.replace('"price": item.price', '"unit_price": item.price'));
    });

    it("renames the key in a service's multi-line dict (the value read through a relationship)", async () => {
      const route =
        'router = APIRouter()\n\n\n@router.get("/projects/{project_id}")\n' +
        'def read_project(project_id: int, db: Session = Depends(get_db)):\n' +
        '    return service.detail(db, project_id)\n';
      const service =
        'def detail(db, project_id):\n    project = repo.get(db, project_id)\n    return {\n' +
        '        "id": project.id,\n        "title": project.title,\n' +
        '        "owner": project.lead.full_name,\n    }\n';
      const endpoint = 'GET /projects/{project_id}';
      const ctx = templateContext(
        { 'app/models.py': models, 'app/schemas.py': schemas, 'app/routes.py': route, 'app/service.py': service },
        {
          cause: { violations: [{ endpoint }] as never },
          exception: failure,
          operation: operation(endpoint, { '200': required('id', 'title', 'owner_name') }),
        },
      );
      const [only] = await allCandidates(pythonResponseMissingField, ctx, 'app/service.py');
      expect(only?.source).toBe(service.replace('"owner": project.lead', '"owner_name": project.lead'));
    });

    it('renames nothing for a key the field does not name, or one key two missing fields name', async () => {
      const route =
        'router = APIRouter()\n\n\n@router.get("/items/{item_id}")\ndef read_item(item_id: int):\n' +
        '    item = repo.get(item_id)\n    return {"id": item.id, "notes": item.name}\n';
      expect(
        await allCandidates(
          pythonResponseMissingField,
          context(route, 'GET /items/{item_id}', required('id', 'margin')),
          'app/routes.py',
        ),
      ).toEqual([]);
      const twice = route.replace('"notes": item.name', '"price": item.price');
      const ctx = context(twice, 'GET /items/{item_id}', required('id', 'unit_price', 'price_cents'));
      // (the entity rule may still fill both from the attribute; the key itself stays)
      for (const c of await allCandidates(pythonResponseMissingField, ctx, 'app/routes.py'))
        expect(c.source).toContain('"id": item.id, "price": item.price');
    });
  });

  it('proposes nothing when a missing field has no attribute on the entity', async () => {
    const route =
      'router = APIRouter()\n\n\n@router.get("/items/{item_id}")\ndef read_item(item_id: int):\n' +
      '    item = repo.get(item_id)\n    return {"id": item.id, "name": item.name}\n';
    const ctx = context(route, 'GET /items/{item_id}', required('id', 'name', 'margin'));
    expect(await allCandidates(pythonResponseMissingField, ctx, 'app/routes.py')).toEqual([]);
  });
});
