import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import type { TemplateContext } from '../template.js';
import { nodeMapField } from './map-field.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

function context(files: Record<string, string>, body: string, message: string): TemplateContext {
  const { context: base } = templateContext(files, {
    kind: 'schema_mismatch',
    endpoint: 'GET /reports/summary',
    actual: 200,
    message,
  });
  const violation = { ...base.cause.violations[0]!, responseExcerpt: body } as Violation;
  return { ...base, cause: { ...base.cause, violations: [violation] } as RootCause };
}

const report = (made: string) =>
  "'use strict';\nfunction summary(rows) {\n" +
  `  const byStatus = ${made};\n  for (const r of rows) byStatus.set(r.status, r.n);\n` +
  '  return { total: rows.length, byStatus };\n}\nmodule.exports = { summary };\n';
const message = "body does not match the HTTP 200 schema: /byStatus must have required property 'quoted'";

describe('node.map-field', () => {
  it('sends a Map field as the object of its entries (Object.fromEntries), a shorthand kept as the key', async () => {
    const source = report("new Map([['quoted', 0]])");
    const found = await allCandidates(
      nodeMapField,
      context({ 'src/report.js': source }, '{"total":2,"byStatus":{}}', message),
      ['src/report.js'],
    );
    expect(found[0]!.files['src/report.js']).toBe(
      source.replace(
        '{ total: rows.length, byStatus }',
        '{ total: rows.length, byStatus: Object.fromEntries(byStatus) }',
      ),
    );
  });

  it('leaves a field that is no Map, and a body whose field is not empty', async () => {
    const plain = report('{ quoted: 0 }').replace('byStatus.set(r.status, r.n)', 'byStatus[r.status] = r.n');
    expect(
      await allCandidates(nodeMapField, context({ 'src/report.js': plain }, '{"byStatus":{}}', message), [
        'src/report.js',
      ]),
    ).toEqual([]);
    const source = report('new Map()');
    expect(
      await allCandidates(nodeMapField, context({ 'src/report.js': source }, '{"byStatus":{"x":1}}', message), [
        'src/report.js',
      ]),
    ).toEqual([]);
  });
});
