import { describe, expect, it } from 'vitest';
import { nodePredicateAssignment } from './predicate-assignment.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const service = (predicate: string) =>
  "import { conflict } from '../errors.js';\nimport * as members from '../repositories/members.js';\n\n" +
  'export function join(input: { handle: string }) {\n  const handle = input.handle.trim();\n' +
  `  if (members.list().some(${predicate})) {\n` +
  '    throw conflict(`Handle ${handle} is already taken`);\n  }\n  return members.insert({ handle });\n}\n';
const refused = (predicate: string, body = '{"error":"Handle ada is already taken"}', actual = 409) =>
  allCandidates(
    nodePredicateAssignment,
    templateContext(
      { 'src/services/members.ts': service(predicate) },
      { kind: 'status_mismatch', endpoint: 'POST /members', expected: 201, actual, body },
    ).context,
    ['src/services/members.ts'],
  );

describe('node.predicate-assignment', () => {
  it('compares where the predicate of the guard named by the 409 message assigns', async () => {
    const found = await refused('(m) => (m.handle = handle)');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.predicate-assignment@src/services/members.ts:6']);
    expect(found[0]!.files['src/services/members.ts']).toBe(service('(m) => (m.handle === handle)'));
  });

  it('leaves a comparison, an assignment to another name, another message, and a 5xx', async () => {
    expect(await refused('(m) => m.handle === handle')).toEqual([]);
    expect(await refused('(m) => (seen.last = m)')).toEqual([]);
    expect(await refused('(m) => (m.handle = handle)', '{"error":"Members list is closed today"}')).toEqual([]);
    expect(await refused('(m) => (m.handle = handle)', '{"error":"Handle ada is already taken"}', 500)).toEqual([]);
  });
});
