import { describe, expect, it } from 'vitest';
import { nodeEnumKeysMembership } from './enum-keys-membership.js';
import { allCandidates, templateContext, withRequestBody } from './test-support/template-context.js';

// node.enum-keys-membership over a TypeScript string enum: at run time an object of names to values.
const types = (members: string) =>
  `export enum BerthState {\n${members}\n}\n\nexport interface Berth {\n  id: number;\n}\n`;
const strings = '  Free = "free",\n  Booked = "booked",\n  Closed = "out-of-use",';
const service = (list: string, listed: string) =>
  'import { BerthState } from "../types.js";\nimport { ValidationError } from "../errors.js";\n\n' +
  'export function setState(berth: { state: string }, state: string): void {\n' +
  `  if (!Object.${list}(BerthState).includes(state))\n` +
  `    throw new ValidationError(\`state must be one of \${Object.${listed}(BerthState).join(", ")}\`);\n` +
  '  berth.state = state;\n}\n';
const refused = async (files: Record<string, string>, body: string, allowed: string[]) => {
  const { context } = templateContext(files, {
    kind: 'status_mismatch',
    endpoint: 'PATCH /berths/{id}',
    expected: 200,
    actual: 422,
    body,
  });
  const operation = withRequestBody(context.operation!, { state: { type: 'string', enum: allowed } }, []);
  return allCandidates(nodeEnumKeysMembership, { ...context, operation }, Object.keys(files));
};
const SERVICE = 'src/services/berths.ts';
const allowed = ['free', 'booked', 'out-of-use'];

describe('node.enum-keys-membership on a TypeScript string enum', () => {
  it('checks the values, and lists them in the message that listed the keys', async () => {
    const files = { 'src/types.ts': types(strings), [SERVICE]: service('keys', 'keys') };
    const found = await refused(files, '{"error":"state must be one of Free, Booked, Closed"}', allowed);
    expect(found.map((f) => f.candidate.key)).toEqual([`node.enum-keys-membership@${SERVICE}:5`]);
    expect(found[0]!.files[SERVICE]).toBe(service('values', 'values'));
  });

  it('rewrites `field in Enum` where the message names no keys', async () => {
    const guarded = service('keys', 'values').replace(
      '!Object.keys(BerthState).includes(state)',
      '!(state in BerthState)',
    );
    const files = { 'src/types.ts': types(strings), [SERVICE]: guarded };
    const found = await refused(files, '{"error":"state must be one of free, booked, out-of-use"}', allowed);
    expect(found[0]!.files[SERVICE]).toBe(
      guarded.replace('!(state in BerthState)', '!(Object.values(BerthState).includes(state))'),
    );
  });

  it('near miss: a numeric enum, or a contract documenting the names themselves', async () => {
    const numeric = { 'src/types.ts': types('  Free,\n  Booked,\n  Closed,'), [SERVICE]: service('keys', 'keys') };
    const body = '{"error":"state must be one of Free, Booked, Closed"}';
    expect(await refused(numeric, body, ['0', '1', '2'])).toEqual([]);
    const files = { 'src/types.ts': types(strings), [SERVICE]: service('keys', 'keys') };
    expect(await refused(files, body, ['Free', 'Booked', 'Closed'])).toEqual([]);
  });
});
