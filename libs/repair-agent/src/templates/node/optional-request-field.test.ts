import { describe, expect, it } from 'vitest';
import { nodeOptionalRequestField } from './optional-request-field.js';
import { allCandidates, nodeLog, templateContext, withRequestBody } from './test-support/template-context.js';

// Node 20's message for a member of an omitted optional field (captured from a run).
const reading = (member: string, frame: string) =>
  nodeLog(`TypeError: Cannot read properties of undefined (reading '${member}')`, [frame]);
const withBody = withRequestBody;
const catchBody = {
  boatId: { type: 'integer' },
  weightKg: { type: 'integer' },
  remark: { type: 'string', nullable: true },
};

const validator =
  'function validateCatchInput(body = {}) {\n' +
  "  if (!Number.isInteger(body.boatId)) throw new Error('boatId');\n  return {\n    boatId: body.boatId,\n" +
  '    weightKg: body.weightKg,\n    remark: body.remark.trim() || null,\n  };\n}\n' +
  'module.exports = { validateCatchInput };\n';
const catchContext = (required: string[]) => {
  const { context } = templateContext(
    { 'src/validators/catchValidator.js': validator },
    {
      kind: 'runtime_error',
      endpoint: 'POST /catches',
      expected: 201,
      log: reading('trim', 'validateCatchInput (/app/src/validators/catchValidator.js:6:25)'),
    },
  );
  return { ...context, operation: withBody(context.operation!, catchBody, required) };
};

describe('node.optional-request-field', () => {
  it('#optional-chain: reads an optional field a validator maps only when present (CommonJS)', async () => {
    const found = await allCandidates(nodeOptionalRequestField, catchContext(['boatId', 'weightKg']), [
      'src/validators/catchValidator.js',
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.optional-request-field#optional-chain']);
    expect(found[0]!.files['src/validators/catchValidator.js']).toBe(
      validator.replace('remark: body.remark.trim() || null', 'remark: body.remark?.trim() || null'),
    );
  });

  it(`#guard: checks a rule on an optional field only when the request has it (ESM, req.body in the \
handler)`, async () => {
    const routes =
      "import { Router } from 'express';\nconst router = Router();\nrouter.post('/', (req, res) => {\n" +
      '  if (req.body.label.trim().length === 0 || req.body.label.length > 40) {\n' +
      "    return res.status(400).json({ error: 'label must be 1-40 characters' });\n  }\n" +
      '  res.status(201).json({ name: req.body.name, label: req.body.label ?? null });\n});\n' +
      'export default router;\n';
    const { context } = templateContext(
      { 'src/routes/tags.js': routes },
      {
        kind: 'runtime_error',
        endpoint: 'POST /tags',
        expected: 201,
        log: reading('trim', 'file:///app/src/routes/tags.js:4:24'),
      },
    );
    const operation = withBody(context.operation!, { name: { type: 'string' }, label: { type: 'string' } }, ['name']);
    const found = await allCandidates(nodeOptionalRequestField, { ...context, operation }, ['src/routes/tags.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.optional-request-field#guard']);
    expect(found[0]!.files['src/routes/tags.js']).toContain(
      '  if (req.body.label != null && (req.body.label.trim().length === 0 || req.body.label.length > 40)) {\n',
    );
  });

  it('#optional-chain: a parameter whose other fields are read by helpers handed it with their names', async () => {
    const service =
      'async function createVoyage(input) {\n' +
      '  const boatId = requireInt(input, \'boatId\');\n  const weightKg = requireInt(input, "weightKg");\n' +
      '  return store.insert({ boatId, weightKg, remark: input.remark.trim() || null });\n}\n' +
      'module.exports = { createVoyage };\n';
    const context = (text: string) =>
      templateContext(
        { 'src/services/voyageService.js': text },
        {
          kind: 'runtime_error',
          endpoint: 'POST /catches',
          expected: 201,
          log: reading('trim', 'Object.createVoyage (/app/src/services/voyageService.js:4:67)'),
        },
      ).context;
    const run = (text: string) => {
      const ctx = context(text);
      return allCandidates(nodeOptionalRequestField, { ...ctx, operation: withBody(ctx.operation!, catchBody, []) }, [
        'src/services/voyageService.js',
      ]);
    };
    const found = await run(service);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.optional-request-field#optional-chain']);
    expect(found[0]!.files['src/services/voyageService.js']).toBe(
      service.replace('input.remark.trim()', 'input.remark?.trim()'),
    );
    // Helpers handed undocumented names (or another value) say nothing of the parameter.
    const unrelated = service.replace(/'boatId'|"weightKg"/g, "'hull'");
    expect(await run(unrelated)).toEqual([]);
  });

  it(`leaves a required field (its absence is an invalid request) and a holder that is not the request \
body`, async () => {
    expect(await allCandidates(nodeOptionalRequestField, catchContext(['boatId', 'weightKg', 'remark']), [])).toEqual(
      [],
    );
    const writes = validator.replace(
      'remark: body.remark.trim() || null,',
      'remark: (body.remark.seen = body.remark.trim()),',
    );
    const { context: written } = templateContext(
      { 'src/validators/catchValidator.js': writes },
      {
        kind: 'runtime_error',
        endpoint: 'POST /catches',
        log: reading('trim', 'validateCatchInput (/app/src/validators/catchValidator.js:6:25)'),
      },
    );
    expect(
      await allCandidates(
        nodeOptionalRequestField,
        { ...written, operation: withBody(written.operation!, catchBody, ['boatId']) },
        [],
      ),
    ).toEqual([]);
    const other = 'function label(row) {\n  return row.remark.trim();\n}\nmodule.exports = { label };\n';
    const { context } = templateContext(
      { 'src/a.js': other },
      { kind: 'runtime_error', endpoint: 'POST /catches', log: reading('trim', 'label (/app/src/a.js:2:21)') },
    );
    expect(
      await allCandidates(
        nodeOptionalRequestField,
        { ...context, operation: withBody(context.operation!, catchBody, ['boatId']) },
        [],
      ),
    ).toEqual([]);
  });
});
