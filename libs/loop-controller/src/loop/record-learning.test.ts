import { describe, expect, it } from 'vitest';
import type { RepairPatch } from '@smoke-repair/repair-agent';
import { syntheticSignature, type SmokeResult } from '@smoke-repair/smoke-validator';
import { errorKindOf } from './record-learning.js';

const patch = (signature: RepairPatch['signature']) => ({ signature }) as RepairPatch;
const after = { violations: [] } as unknown as SmokeResult;

describe('errorKindOf (the error kind a learned attempt is recorded with)', () => {
  it(`a failure without a trace: the status it answered (a 200 where 201 is documented is "200", not "500"), else its \
kind`, () => {
    expect(
      errorKindOf(
        patch(syntheticSignature('POST /carts', 'status_mismatch', 200, 'expected 201, got HTTP 200')),
        after,
      ),
    ).toBe('200');
    expect(
      errorKindOf(
        patch(syntheticSignature('POST /orders/{id}/pay', 'status_mismatch', 404, 'expected 200, got HTTP 404')),
        after,
      ),
    ).toBe('404');
    expect(
      errorKindOf(patch(syntheticSignature('GET /slow', 'timeout', null, 'no response within 5000 ms')), after),
    ).toBe('timeout');
  });

  it('a failure with a server trace: 500', () => {
    expect(
      errorKindOf(
        patch({
          hash: 'h',
          key: "NameError@app/x.py:8 f: name 'totl' is not defined [POST /orders]",
          exceptionType: 'NameError',
          message: "name 'totl' is not defined",
        }),
        after,
      ),
    ).toBe('500');
  });
});
