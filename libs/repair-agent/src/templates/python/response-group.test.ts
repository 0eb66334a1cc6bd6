import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonResponseGroup } from './response-group.js';
import { pythonContext } from './test-support/python-context.js';
import { operation } from './test-support/summarise.js';

const models = 'class Harvest(Base):\n    __tablename__ = "harvests"\n\n    id: Mapped[int] = mapped_column(primary_key=True)\n    hive_id: Mapped[int]\n    kg: Mapped[float]\n';
const item = { type: 'object', properties: { id: { type: 'integer' }, hive_id: { type: 'integer' }, kg: { type: 'number' } }, required: ['id', 'hive_id', 'kg'] };
const routes = (created: string) => `from fastapi import FastAPI

app = FastAPI()


@app.post("/hives/{hive_id}/harvests", response_model=HarvestRead, status_code=201)
def record(hive_id: int, payload: HarvestCreate):
    harvest = create_harvest(hive_id, payload)
    return {${created}}


@app.get("/harvests", response_model=list[HarvestRead])
def list_harvests():
    return [out(h) for h in all_harvests()]


@app.get("/harvests/{harvest_id}", response_model=list[HarvestRead])
def get_harvest(harvest_id: int):
    harvest = find(harvest_id)
    return out(harvest)
`;

async function run(created: string) {
  const post = operation('POST /hives/{hive_id}/harvests', { '201': item }, ['hive_id']);
  const get = operation('GET /harvests/{harvest_id}', { '200': { type: 'array', items: item } }, ['harvest_id']);
  const endpoints = [post.endpoint, get.endpoint];
  const context = {
    ...pythonContext({
      files: { 'app/models.py': models, 'app/main.py': routes(created) },
      exception: { type: 'fastapi.exceptions.ResponseValidationError', message: '1 validation errors:' },
      cause: { kind: 'runtime_error', endpoints, violations: endpoints.map((endpoint) => ({ endpoint })) } as unknown as Partial<RootCause>,
    }),
    contract: { openapi: '3.1.0', title: 't', operations: [post, get] },
  };
  const out: (string | null)[] = [];
  for await (const _candidate of pythonResponseGroup.candidates(context)) out.push(await context.tree.read('app/main.py'));
  return out;
}

describe('python.response-group', () => {
  it('fills the field one endpoint leaves out and declares the item model on the other, in one candidate', async () => {
    const [only, ...rest] = await run('"id": harvest.id, "kg": harvest.kg');
    expect(rest).toEqual([]);
    expect(only).toContain('    return {"id": harvest.id, "kg": harvest.kg, "hive_id": harvest.hive_id}\n');
    expect(only).toContain('@app.get("/harvests/{harvest_id}", response_model=HarvestRead)\n');
  });

  it('proposes nothing when one endpoint of the group has no fix (the other alone would be judged the same error)', async () => {
    expect(await run('"id": 1, "kg": 2')).toEqual([]);
  });
});
