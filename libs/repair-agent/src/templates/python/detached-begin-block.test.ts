import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { pythonDetachedBeginBlock } from './detached-begin-block.js';
import { candidatesOf } from './test-support/python-context.js';

const error = (what: string) =>
  `{'type': 'get_attribute_error', 'loc': ('response', 'id'), 'msg': 'Error extracting attribute: ` +
  `DetachedInstanceError: Instance <Job at 0x7f12c4e4a250> is not bound to a Session; ${what} ` +
  `operation cannot proceed'}`;
const exception = (what = 'attribute refresh') => ({
  type: 'fastapi.exceptions.ResponseValidationError',
  message: `7 validation errors:\n  ${error(what)}`,
});
const cause = { kind: 'runtime_error', endpoints: ['POST /api/jobs'], violations: [] };

const router = (body: string) =>
  'from fastapi import APIRouter\n\nfrom app.services import jobs as job_service\n\n' +
  'router = APIRouter(prefix="/api/jobs")\n\n\n' +
  `@router.post("", status_code=201)\ndef create_job(payload: JobCreate):\n${body}`;

// The object added in the function's own unit of work and returned after the block committed and closed it.
const afterBlock =
  'from app.db import SessionLocal\n\n\ndef create_job(payload: JobCreate) -> Job:\n' +
  '    with SessionLocal.begin() as session:\n' +
  '        if session.get(Drain, payload.drain_id) is None:\n' +
  '            raise HTTPException(status_code=404, detail="no drain")\n' +
  '        job = Job(**payload.model_dump())\n        session.add(job)\n    return job\n';
const loaded = (indent: string, s = 'session', obj = 'job') =>
  `${indent}${s}.flush()\n${indent}${s}.refresh(${obj})\n${indent}${s}.expunge(${obj})\n`;

async function run(
  service: string,
  extra: { body?: string; what?: string; firstLine?: boolean; database?: string } = {},
) {
  const found = await candidatesOf(pythonDetachedBeginBlock, {
    files: {
      'app/routers/jobs.py': router(extra.body ?? '    return job_service.create_job(payload)\n'),
      'app/services/jobs.py': service,
      'app/db.py': extra.database ?? 'SessionLocal = sessionmaker(bind=engine, autoflush=False)\n',
    },
    exception: extra.firstLine ? { ...exception(extra.what), message: '7 validation errors:' } : exception(extra.what),
    cause: cause as unknown as Partial<RootCause>,
  });
  return found.map((c) => c.changed['app/services/jobs.py']);
}

describe('python.detached-begin-block', () => {
  it('loads and detaches the object before the begin() block commits, for a return after the block', async () => {
    const fixed = afterBlock.replace('        session.add(job)\n', `        session.add(job)\n${loaded('        ')}`);
    expect(await run(afterBlock)).toEqual([fixed]);
    // A server log keeping the exception's first line alone: the code's shape is the proof.
    expect(await run(afterBlock, { firstLine: true })).toEqual([fixed]);
  });

  it('does the same for a return inside the block, the handler returning the local it assigned', async () => {
    const inside =
      'def create_job(payload):\n    with Factory.begin() as s:\n        job = Job(kind=payload.kind)\n' +
      '        s.add(job)\n        return job\n';
    const body = '    job = job_service.create_job(payload)\n    return job\n';
    expect(await run(inside, { body })).toEqual([
      inside.replace('        return job\n', `${loaded('        ', 's')}        return job\n`),
    ]);
  });

  it('leaves a lazy load, a detached object, a keeping factory, an object never added and a plain block', async () => {
    expect(await run(afterBlock, { what: 'lazy load' })).toEqual([]);
    const expunged = afterBlock.replace('session.add(job)\n', 'session.add(job)\n        session.expunge(job)\n');
    expect(await run(expunged)).toEqual([]);
    const keeping = 'SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)\n';
    expect(await run(afterBlock, { database: keeping })).toEqual([]);
    expect(await run(afterBlock.replace('        session.add(job)\n', ''))).toEqual([]);
    const plain = afterBlock.replace('SessionLocal.begin()', 'SessionLocal()');
    expect(await run(plain)).toEqual([]);
    expect(await run(afterBlock, { body: '    job_service.create_job(payload)\n    return {"ok": True}\n' })).toEqual(
      [],
    );
  });
});
