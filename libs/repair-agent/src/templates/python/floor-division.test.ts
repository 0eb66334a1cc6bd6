import type { ApiModel, Violation } from '@smoke-repair/smoke-validator';
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

  describe('a dict compared whole: the floored item in pytest\'s "Differing items"', () => {
    const whole = "assert {'id': 1, ...} == {'id': 1, ...}";
    const excerpt = (items: string) =>
      `>       assert r.json() == {"id": 1, "used_pct": 37.5}\nE       AssertionError: ${whole}\n` +
      `E         Differing items:\nE         ${items}\n`;
    const compared = (items: string) =>
      candidatesOf(pythonFloorDivision, {
        files: { 'app/cores.py': routes('round(used // core.start_kg * 100, 2)') },
        cause: {
          kind: 'test_failure',
          violations: [{ ...failing(whole), responseExcerpt: excerpt(items) } as Violation],
          endpoints: ['GET /cores/{core_id}'],
        },
      });

    it('divides truly for a whole number answered where a fraction is wanted', async () => {
      const found = await compared("{'used_pct': 0.0} != {'used_pct': 37.5}");
      expect(found.map((f) => f.changed['app/cores.py'])).toEqual([routes('round(used / core.start_kg * 100, 2)')]);
      const other = await compared("{'share': 0} != {'share': 0.08}");
      expect(other).toHaveLength(1);
    });

    it('near miss: a differing item that is fractional on both sides, or no number', async () => {
      expect(await compared("{'used_pct': 12.5} != {'used_pct': 37.5}")).toEqual([]);
      expect(await compared("{'label': 'a'} != {'label': 'b'}")).toEqual([]);
    });
  });

  describe('a named quotient the contract documents as rounded', () => {
    const handler = (value: string) => `from fastapi import APIRouter

router = APIRouter()


@router.get("/cores/{core_id}")
def get_core(core_id: int):
    core = load(core_id)
    return Share(
        id=core.id,
        ${value}
    )
`;
    const contract = (description: string) =>
      ({
        openapi: '3.1.0',
        title: 't',
        operations: [
          {
            method: 'GET',
            path: '/cores/{core_id}',
            endpoint: 'GET /cores/{core_id}',
            parameters: [],
            responses: [
              {
                status: '200',
                mediaTypes: ['application/json'],
                schema: { type: 'object', properties: { used_pct: { type: 'number', description } } },
              },
            ],
          },
        ],
      }) as unknown as ApiModel;
    const rounding = (source: string, description: string) =>
      candidatesOf(pythonFloorDivision, {
        files: { 'app/cores.py': source },
        cause: {
          kind: 'test_failure',
          violations: [failing('assert 5 == 5.15')],
          endpoints: ['GET /cores/{core_id}'],
        },
        contract: contract(description),
      });

    it('rounds a keyword argument to the places the field documents', async () => {
      const found = await rounding(handler('used_pct=core.used // core.share,'), 'Used share, rounded to 2 places');
      expect(found.map((f) => f.changed['app/cores.py'])).toEqual([
        handler('used_pct=round(core.used / core.share, 2),'),
      ]);
    });

    it('rounds a dict entry, to one decimal place', async () => {
      const source = handler('used_pct=0,')
        .replace('Share(', 'dict(')
        .replace(
          '    core = load(core_id)\n',
          '    core = load(core_id)\n    shares = {\n        "used_pct": core.used // 13\n    }\n',
        );
      const found = await rounding(source, 'Rounded to 1 decimal place.');
      expect(found.map((f) => f.changed['app/cores.py'])).toEqual([
        source.replace('"used_pct": core.used // 13', '"used_pct": round(core.used / 13, 1)'),
      ]);
    });

    it('near miss: no rounding documented, another field rounded, or a value rounded already', async () => {
      const plain = await rounding(handler('used_pct=core.used // core.share,'), 'Used share');
      expect(plain.map((f) => f.changed['app/cores.py'])).toEqual([handler('used_pct=core.used / core.share,')]);
      const other = await rounding(handler('left_pct=core.used // core.share,'), 'Used share, rounded to 2 places');
      expect(other.map((f) => f.changed['app/cores.py'])).toEqual([handler('left_pct=core.used / core.share,')]);
      const done = await rounding(handler('used_pct=round(core.used // core.share, 1),'), 'rounded to 2 places');
      expect(done.map((f) => f.changed['app/cores.py'])).toEqual([
        handler('used_pct=round(core.used / core.share, 1),'),
      ]);
    });
  });
});
