import { describe, expect, it } from 'vitest';
import { nodePartialUpdate } from './partial-update.js';
import { allCandidates, templateContext, withRequestBody } from './test-support/template-context.js';

const FILTER = (literal: string) =>
  `Object.fromEntries(Object.entries(${literal}).filter(([, value]) => value !== undefined))`;
const service = (literal: string) =>
  'export const lockerService = {\n  async update(id: number, input: UpdateLocker) {\n' +
  `    const saved = await lockerRepository.update(id, ${literal});\n    return saved!;\n  },\n};\n`;
const copied = '{ size: input.size, label: input.label, ownerId: input.ownerId }';
const patched = (files: Record<string, string>, missing: string[], required: string[] = [], method = 'PATCH') => {
  const { context } = templateContext(files, {
    kind: 'schema_mismatch',
    endpoint: `${method} /lockers/{lockerId}`,
    actual: 200,
    message:
      'body does not match the HTTP 200 schema: ' +
      missing.map((f) => `(body) must have required property '${f}'`).join('; '),
    body: '{"id":3,"size":"large"}',
  });
  const properties = { size: { type: 'string' }, label: { type: 'string' }, ownerId: { type: 'integer' } };
  const operation = withRequestBody(context.operation!, properties, required);
  return allCandidates(nodePartialUpdate, { ...context, operation }, Object.keys(files));
};

describe('node.partial-update', () => {
  it('hands the repository only the fields the PATCH set (an argument literal, TypeScript)', async () => {
    const found = await patched({ 'src/services/lockers.ts': service(copied) }, ['label', 'ownerId']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.partial-update@src/services/lockers.ts:3']);
    expect(found[0]!.files['src/services/lockers.ts']).toBe(service(FILTER(copied)));
  });

  it('filters a literal kept in a local before it is merged (CommonJS)', async () => {
    const update = (literal: string) =>
      'function updateLocker(locker, body) {\n' +
      `  const changes = ${literal};\n  return Object.assign(locker, changes);\n}\n` +
      'module.exports = { updateLocker };\n';
    const literal = '{ label: body.label, size: body.size }';
    const found = await patched({ 'src/lockers.js': update(literal) }, ['label']);
    expect(found[0]!.files['src/lockers.js']).toBe(update(FILTER(literal)));
  });

  it('leaves a required field, a create, a literal of mixed sources or with a spread, a filtered one', async () => {
    expect(await patched({ 'src/services/lockers.ts': service(copied) }, ['label'], ['label'])).toEqual([]);
    expect(await patched({ 'src/services/lockers.ts': service(copied) }, ['label'], [], 'POST')).toEqual([]);
    const mixed = '{ size: input.size, label: defaults.label }';
    expect(await patched({ 'src/services/lockers.ts': service(mixed) }, ['label'])).toEqual([]);
    const spread = '{ ...current, size: input.size, label: input.label }';
    expect(await patched({ 'src/services/lockers.ts': service(spread) }, ['label'])).toEqual([]);
    expect(await patched({ 'src/services/lockers.ts': service(FILTER(copied)) }, ['label'])).toEqual([]);
  });
});
