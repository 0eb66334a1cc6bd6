import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import { verifyCommand } from './agent-env.js';

const violation = (scenarioId: string | undefined, nodeid: string | undefined, endpoint: string) =>
  ({ scenarioId, nodeid, endpoint }) as unknown as RootCause['violations'][number];

describe('verifyCommand', () => {
  it(`fills {scenarios} with the failing scenario ids (or test node ids), once each, shell-quoted; {endpoints} and \
{app} as before`, () => {
    const cause = {
      endpoints: ['POST /orders'],
      violations: [
        violation('POST /orders #2', undefined, 'POST /orders'),
        violation('POST /orders #2', undefined, 'POST /orders'),
        violation(undefined, "tests/test_it.py::test_it's", 'tests/test_it.py'),
      ],
    } as unknown as RootCause;
    expect(verifyCommand('check {app} {scenarios} -- {endpoints}', cause, '/tmp/w/app')).toBe(
      `check /tmp/w/app 'POST /orders #2' 'tests/test_it.py::test_it'\\''s' -- 'POST /orders'`,
    );
  });
});
