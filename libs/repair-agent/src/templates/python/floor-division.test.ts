import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { pythonFloorDivision } from './floor-division.js';
import { candidatesOf } from './test-support/python-context.js';

const routes = (share: string) => `from fastapi import APIRouter

router = APIRouter()


@router.get("/cores/{core_id}")
def get_core(core_id: int):
    core = load(core_id)
    return {"id": core.id, "used_pct": share_of(core)}


def share_of(core):
    used = core.start_kg - core.left_kg
    label = "kg // pct"
    return ${share}
`;
const failing = (message: string) =>
  ({
    endpoint: 'GET /cores/{core_id}',
    message,
    traces: [{ exception: { type: 'AssertionError', message } }],
  }) as unknown as Violation;
const run = (source: string, message = 'assert 0.0 == 37.5') =>
  candidatesOf(pythonFloorDivision, {
    files: { 'app/cores.py': source },
    cause: { kind: 'test_failure', violations: [failing(message)], endpoints: ['GET /cores/{core_id}'] },
  });

describe('python.floor-division', () => {
  it('divides truly where the test wants the fraction the floor lost, leaving a // inside a string', async () => {
    const found = await run(routes('round(float(used // core.start_kg * 100), 1)'));
    expect(found.map((f) => f.changed['app/cores.py'])).toEqual([
      routes('round(float(used / core.start_kg * 100), 1)'),
    ]);
  });

  it('does the same for an integer answer and a floor in the handler itself', async () => {
    const inline = routes('0').replace('share_of(core)}', 'core.left_kg * 100 // core.start_kg}');
    const found = await run(inline, 'assert 33 == 33.3');
    expect(found.map((f) => f.changed['app/cores.py'])).toEqual([
      inline.replace(' // core.start_kg}', ' / core.start_kg}'),
    ]);
  });

  it('near miss: a fractional answer, a whole expected value, or no // on the path', async () => {
    expect(await run(routes('round(float(used // core.start_kg * 100), 1)'), 'assert 12.5 == 37.5')).toEqual([]);
    expect(await run(routes('round(float(used // core.start_kg * 100), 1)'), 'assert 0 == 2')).toEqual([]);
    expect(await run(routes('round(float(used / core.start_kg * 100), 1)'))).toEqual([]);
  });
});
