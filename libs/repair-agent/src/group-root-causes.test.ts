import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { groupRootCauses } from './group-root-causes.js';

const signature = (hash: string, key: string) => ({ hash, key, exceptionType: key.split('@')[0]!, message: 'm' });

function violation(
  scenarioId: string,
  kind: Violation['kind'],
  sig: ReturnType<typeof signature>,
  actualStatus: number | null = null,
): Violation {
  return {
    scenarioId,
    endpoint: scenarioId.replace(/#\d+$/, ''),
    method: scenarioId.split(' ')[0]!,
    path: scenarioId.split(' ')[1]!,
    expectedStatus: 200,
    actualStatus,
    kind,
    message: kind,
    responseExcerpt: '',
    requestId: null,
    traces: [],
    signature: sig,
    reproduce: 'curl',
  };
}

describe('groupRootCauses', () => {
  it('a crash is one root cause of its own kind, first in line, grouped with the 5xx its trace also explains', () => {
    const thrown = signature('h-crash', 'TypeError@src/notes.js:29 archive: x');
    const causes = groupRootCauses([
      violation('GET /tags', 'server_error', signature('h-tags', 'ReferenceError@src/notes.js:35'), 500),
      violation('POST /notes/{noteId}/archive', 'crash', thrown),
      violation('POST /notes/{noteId}/archive#2', 'server_error', thrown, 500),
    ]);
    expect(causes.map((c) => [c.id, c.kind, c.endpoints])).toEqual([
      ['h-crash', 'crash', ['POST /notes/{noteId}/archive']],
      ['h-tags', 'runtime_error', ['GET /tags']],
    ]);
    expect(causes[0]!.violations).toHaveLength(2);
  });

  it("groups 404s as a missing route only when they read as no route matched, not a handler's own 404", () => {
    const at = (id: string, excerpt: string) => ({
      ...violation(id, 'status_mismatch', signature(`h-${id}`, `status_mismatch@${id}`), 404),
      responseExcerpt: excerpt,
    });
    const causes = groupRootCauses([
      at('GET /fuel-sales/1', '{"error":"Fuel sale 1 not found"}'),
      at('GET /tickets', '{"error":"Route GET /tickets not found"}'),
      at('POST /tickets', '{"error":"Route POST /tickets not found"}'),
    ]);
    expect(causes.map((c) => [c.kind, c.endpoints])).toEqual([
      ['route_missing', ['GET /tickets', 'POST /tickets']],
      ['status_mismatch', ['GET /fuel-sales/1']],
    ]);
  });
});
