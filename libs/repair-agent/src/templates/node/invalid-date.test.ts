import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '@smoke-repair/smoke-validator';
import { nodeInvalidDate } from './invalid-date.js';
import { allCandidates, nodeLog, templateContext, withRequestBody } from './test-support/template-context.js';

// Node 20's error for toISOString() of an Invalid Date (captured from a run).
const invalid = (frame: string) => nodeLog('RangeError: Invalid time value', ['Date.toISOString (<anonymous>)', frame]);

describe('node.invalid-date', () => {
  it(`#request-field: reads the one documented date field for an undocumented one read through a local (ESM inline \
handler)`, async () => {
    const routes =
      "import { Router } from 'express';\nimport { Slot } from '../schemas.js';\nconst router = Router();\n" +
      "router.post('/', async (req, res, next) => {\n  try {\n    const data = Slot.parse(req.body);\n" +
      '    const begin = new Date(data.beginTime);\n' +
      '    const end = new Date(begin.getTime() + data.minutes * 60000);\n' +
      '    res.status(201).json({ courtId: data.courtId, beginsAt: begin.toISOString(), endsAt: ' +
      'end.toISOString() });\n  } catch (err) {\n    next(err);\n  }\n});\nexport default router;\n';
    const { context } = templateContext(
      { 'src/routes/slots.js': routes },
      {
        kind: 'runtime_error',
        endpoint: 'POST /slots',
        expected: 201,
        log: invalid('file:///app/src/routes/slots.js:9:66'),
      },
    );
    const operation = withRequestBody(
      context.operation!,
      { courtId: { type: 'integer' }, beginsAt: { type: 'string', format: 'date-time' }, minutes: { type: 'integer' } },
      ['courtId', 'beginsAt'],
    );
    const found = await allCandidates(nodeInvalidDate, { ...context, operation }, ['src/routes/slots.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.invalid-date#request-field']);
    expect(found[0]!.files['src/routes/slots.js']).toBe(
      routes.replace('new Date(data.beginTime)', 'new Date(data.beginsAt)'),
    );
  });

  it('#date-sum: adds milliseconds to the time of a documented date, not to its text (CommonJS service)', async () => {
    const service =
      'const DAY_MS = 86400000;\nasync function schedule(dto) {\n' +
      '  const due = new Date(dto.lastVisit + 30 * DAY_MS).toISOString().slice(0, 10);\n' +
      '  return { petId: dto.petId, due };\n}\nmodule.exports = { schedule };\n';
    const { context } = templateContext(
      { 'src/services/visitService.js': service },
      {
        kind: 'runtime_error',
        endpoint: 'POST /visits',
        expected: 201,
        log: invalid('Object.schedule (/app/src/services/visitService.js:3:66)'),
      },
    );
    const operation = withRequestBody(
      context.operation!,
      { petId: { type: 'integer' }, lastVisit: { type: 'string', format: 'date' } },
      ['petId', 'lastVisit'],
    );
    const found = await allCandidates(nodeInvalidDate, { ...context, operation }, ['src/services/visitService.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.invalid-date#date-sum']);
    expect(found[0]!.files['src/services/visitService.js']).toBe(
      service.replace('new Date(dto.lastVisit + 30', 'new Date(Date.parse(dto.lastVisit) + 30'),
    );
  });

  it('leaves a documented field holding bad text, a stored value, and a request with no date field', async () => {
    const routes =
      'export function show(req, res, row) {\n  const a = new Date(req.body.beginsAt);\n' +
      '  const b = new Date(row.updated);\n  res.json({ a: a.toISOString(), b: b.toISOString() });\n}\n';
    const { context } = templateContext(
      { 'src/r.js': routes },
      { kind: 'runtime_error', endpoint: 'POST /slots', log: invalid('show (file:///app/src/r.js:4:18)') },
    );
    const dated = withRequestBody(
      context.operation!,
      { courtId: { type: 'integer' }, beginsAt: { type: 'string', format: 'date-time' } },
      ['beginsAt'],
    );
    expect(await allCandidates(nodeInvalidDate, { ...context, operation: dated }, [])).toEqual([]);
    const undated = withRequestBody(context.operation!, { courtId: { type: 'integer' }, note: { type: 'string' } }, []);
    expect(await allCandidates(nodeInvalidDate, { ...context, operation: undated }, [])).toEqual([]);
  });

  describe('#row-column', () => {
    const schema =
      'CREATE TABLE stays (\n  id INTEGER PRIMARY KEY,\n  check_in_day TEXT NOT NULL,\n  nights INTEGER NOT NULL,\n' +
      '  price_cents INTEGER NOT NULL\n);\n';
    const service = (member: string) =>
      "import { get } from '../db/index.js';\n\nexport function checkout(id: number) {\n" +
      "  const row = get('SELECT * FROM stays WHERE id = ?', [id]);\n" +
      '  const nightly = Math.round(row.price_cents / row.nights);\n' +
      `  const start = new Date(\`\${row.${member}}T00:00:00Z\`);\n` +
      '  const end = new Date(start.getTime() + row.nights * 86_400_000);\n' +
      '  return { nightly, until: end.toISOString().slice(0, 10) };\n}\n';
    const attempt = (member: string, tables = schema) =>
      allCandidates(
        nodeInvalidDate,
        templateContext(
          { 'src/db/schema.sql': tables, 'src/services/stays.ts': service(member) },
          {
            kind: 'runtime_error',
            endpoint: 'POST /stays/{id}/checkout',
            log: invalid('checkout (/app/src/services/stays.ts:8:30)'),
          },
        ).context,
        ['src/services/stays.ts'],
      );

    it("reads the row's column sharing a word with a member its table lacks, through the Date's locals", async () => {
      const found = await attempt('check_in');
      expect(found.map((f) => f.candidate.key)).toEqual(['node.invalid-date#row-column']);
      expect(found[0]!.files['src/services/stays.ts']).toBe(service('check_in_day'));
    });

    it('leaves a member some table has (bad text stored), and one sharing no word with a column', async () => {
      expect(await attempt('check_in_day')).toEqual([]);
      expect(await attempt('arrival')).toEqual([]);
    });
  });
});

describe('node.invalid-date#date-sum on a date the answer documents', () => {
  const DATED = { type: 'object', properties: { id: { type: 'integer' }, sownOn: { type: 'string', format: 'date' } } };
  const service = (sum: string) =>
    "const DAY_MS = 86400000;\nconst store = require('../store');\n" +
    'async function detail(id) {\n  const bed = await store.find(id);\n' +
    `  const ready = new Date(${sum});\n` +
    '  return { ...bed, readyOn: ready.toISOString().slice(0, 10) };\n}\nmodule.exports = { detail };\n';
  const attempt = (sum: string, schema: JsonSchema, endpoint = 'GET /beds/{bedId}') => {
    const { context } = templateContext(
      { 'src/services/beds.js': service(sum) },
      { kind: 'runtime_error', endpoint, log: invalid('Object.detail (/app/src/services/beds.js:6:27)') },
    );
    const responses = [{ status: '200', mediaTypes: ['application/json'], schema }];
    return allCandidates(nodeInvalidDate, { ...context, operation: { ...context.operation!, responses } }, [
      'src/services/beds.js',
    ]);
  };

  it("adds to the time of a stored record's date, read through the local the failing line formats", async () => {
    const found = await attempt('bed.sownOn + bed.days * DAY_MS', DATED);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.invalid-date#date-sum']);
    expect(found[0]!.files['src/services/beds.js']).toBe(service('Date.parse(bed.sownOn) + bed.days * DAY_MS'));
  });

  it('finds the date-time in the items of a documented list answer', async () => {
    const list = { type: 'array', items: { ...DATED, properties: { at: { type: 'string', format: 'date-time' } } } };
    const found = await attempt('bed.at + 3600000', list, 'GET /beds');
    expect(found[0]!.files['src/services/beds.js']).toBe(service('Date.parse(bed.at) + 3600000'));
  });

  it('near miss: text appended to the date, or a field the answer does not document as a date', async () => {
    expect(await attempt("bed.sownOn + 'T00:00:00Z'", DATED)).toEqual([]);
    expect(await attempt('bed.id + bed.days * DAY_MS', DATED)).toEqual([]);
  });
});
