import { describe, expect, it } from 'vitest';
import type { JsonSchema, Violation } from '@smoke-repair/smoke-validator';
import type { RootCause } from '../../types.js';
import type { TemplateContext } from '../template.js';
import { nodeMisnamedResponseKey } from './misnamed-response-key.js';
import { parseExcerpt } from './response-body.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const report = {
  type: 'object',
  required: ['total', 'byPlan'],
  properties: {
    total: { type: 'integer' },
    byPlan: {
      type: 'array',
      items: {
        type: 'object',
        required: ['plan', 'revenueCents'],
        properties: { plan: { type: 'string' }, revenueCents: { type: 'integer' } },
      },
    },
  },
};

// A context whose one violation carries this body and message, against this 200 schema.
function context(files: Record<string, string>, schema: JsonSchema, body: string, message: string): TemplateContext {
  const { context: base } = templateContext(files, {
    kind: 'schema_mismatch',
    endpoint: 'GET /report',
    actual: 200,
    message,
  });
  const violation = { ...base.cause.violations[0]!, responseExcerpt: body } as Violation;
  const operation = { ...base.operation!, responses: [{ status: '200', mediaTypes: ['application/json'], schema }] };
  return { ...base, operation, cause: { ...base.cause, violations: [violation] } as RootCause };
}

const service =
  "import { repo } from '../repo.js';\n\nexport const reports = {\n  async revenue() {\n" +
  '    const byPlan = repo.byPlan().map((row) => ({\n      planName: row.planName,\n' +
  '      revenueCents: row.revenueCents,\n    }));\n    return { total: repo.total(), byPlan };\n  },\n};\n';
const body = '{"total":10,"byPlan":[{"planName":"Flex","revenueCents":4},{"planName":"Team","revenueCents":6}]}';
const message =
  "body does not match the HTTP 200 schema: /byPlan/0 must have required property 'plan'; /byPlan/1 must have" +
  " required property 'plan'";

describe('node.misnamed-response-key', () => {
  it('renames the key of the mapping literal that builds the list items (ESM service)', async () => {
    const found = await allCandidates(
      nodeMisnamedResponseKey,
      context({ 'src/services/reports.js': service }, report, body, message),
      ['src/services/reports.js'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.misnamed-response-key']);
    expect(found[0]!.files['src/services/reports.js']).toBe(
      service.replace('planName: row.planName', 'plan: row.planName'),
    );
  });

  it('renames a shorthand key at the top of the body (CommonJS handler, snake_case words)', async () => {
    const handler =
      "const db = require('./db');\n\nexports.show = (req, res) => {\n  const total = db.total();\n" +
      '  const total_cents = db.cents();\n  res.json({ total, total_cents });\n};\n';
    const schema = {
      type: 'object',
      required: ['total', 'cents'],
      properties: { total: { type: 'integer' }, cents: { type: 'integer' } },
    };
    const found = await allCandidates(
      nodeMisnamedResponseKey,
      context(
        { 'src/handlers/show.js': handler },
        schema,
        '{"total":3,"total_cents":300}',
        "body does not match the HTTP 200 schema: (body) must have required property 'cents'",
      ),
      ['src/handlers/show.js'],
    );
    expect(found[0]!.files['src/handlers/show.js']).toBe(
      handler.replace('{ total, total_cents }', '{ total, cents: total_cents }'),
    );
  });

  it('leaves a key of another type than the field, and a key set two literals build', async () => {
    const typed = { ...report, properties: { ...report.properties } };
    typed.properties.byPlan = {
      ...report.properties.byPlan,
      items: {
        ...report.properties.byPlan.items,
        properties: { plan: { type: 'object' } as never, revenueCents: { type: 'integer' } },
      },
    };
    const wrongType = context({ 'src/services/reports.js': service }, typed, body, message);
    expect(await allCandidates(nodeMisnamedResponseKey, wrongType, [])).toEqual([]);
    const twice = context(
      {
        'src/services/reports.js': service,
        'src/services/other.js': 'export const other = (r) => ({ planName: r.name, revenueCents: 0 });\n',
      },
      report,
      body,
      message,
    );
    expect(await allCandidates(nodeMisnamedResponseKey, twice, [])).toEqual([]);
  });

  it('leaves an undocumented key whose name does not stand for the field', async () => {
    const label = service.replace('planName: row.planName', 'label: row.planName');
    const found = await allCandidates(
      nodeMisnamedResponseKey,
      context({ 'src/services/reports.js': label }, report, body.replace(/planName/g, 'label'), message),
      [],
    );
    expect(found).toEqual([]);
  });

  it('reads the leading items of a body the excerpt cut', () => {
    expect(parseExcerpt('[{"a":1,"b":"x}"},{"a":2},{"a"')).toEqual([{ a: 1, b: 'x}' }, { a: 2 }]);
    expect(parseExcerpt('{"items":[{"a":1}],"n":')).toEqual({ items: [{ a: 1 }] });
    expect(parseExcerpt('not json')).toBeNull();
  });
});
