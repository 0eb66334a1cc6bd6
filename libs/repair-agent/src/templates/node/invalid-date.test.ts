import { describe, expect, it } from 'vitest';
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
});
