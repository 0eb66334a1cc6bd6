import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeFormatPattern } from './format-pattern.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const STRICT = '/^[\\w.+-]+@[a-z0-9]+\\.[a-z]{2,4}$/i';
const SOUND = '/^[^\\s@]+@[^\\s@]+\\.[^\\s@]{2,}$/';
const validation = (pattern: string) =>
  `const CONTACT_EMAIL_RE = ${pattern};\nconst CODE_RE = /^[A-Z]{3}$/;\n\n` +
  'function isValidEmail(value) {\n  return typeof value === "string" && CONTACT_EMAIL_RE.test(value);\n}\n' +
  'module.exports = { isValidEmail, CODE_RE };\n';

const withBody = (example: Record<string, unknown>, format = 'email'): ApiOperation => ({
  method: 'post',
  path: '/keepers',
  endpoint: 'POST /keepers',
  parameters: [],
  requestBody: {
    required: true,
    mediaType: 'application/json',
    schema: {
      type: 'object',
      properties: { name: { type: 'string' }, contact: { type: 'string', format }, code: { type: 'string' } },
    },
    example,
  },
  responses: [{ status: '201', mediaTypes: ['application/json'] }],
});

const refused = async (files: Record<string, string>, operation: ApiOperation, body: string) => {
  const { context } = templateContext(files, {
    kind: 'status_mismatch',
    endpoint: 'POST /keepers',
    expected: 201,
    actual: 400,
    body,
  });
  return allCandidates(nodeFormatPattern, { ...context, operation }, Object.keys(files));
};

describe('node.format-pattern', () => {
  const example = { name: 'Ada', contact: 'ada.quill+tower@harbour-lights.example.org', code: 'ABC' };

  it('replaces a named email pattern that refuses the documented example by a sound one', async () => {
    const files = { 'src/utils/validation.js': validation(STRICT) };
    const found = await refused(files, withBody(example), '{"error":"contact must be a valid email address"}');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.format-pattern@src/utils/validation.js:1']);
    const fixed = found[0]!.files['src/utils/validation.js']!;
    expect(fixed).toBe(validation(SOUND));
    const sound = new RegExp('^[^\\s@]+@[^\\s@]+\\.[^\\s@]{2,}$');
    for (const bad of ['not-an-email', 'keeper@', 'two words@example.com', 'someone@localhost'])
      expect(sound.test(bad)).toBe(false);
  });

  it('follows a pattern given inline to a zod chain bound to the field (TypeScript)', async () => {
    const schemas =
      "import { z } from 'zod';\n\nexport const keeperCreate = z.object({\n  name: z.string().min(1),\n" +
      `  contact: z.string().trim().regex(${STRICT}, 'must be a valid email address'),\n});\n`;
    const files = { 'src/models/schemas.ts': schemas };
    const body = '{"error":"Invalid request body","details":[{"field":"contact","message":"must be valid"}]}';
    const found = await refused(files, withBody(example), body);
    expect(found[0]!.files['src/models/schemas.ts']).toBe(schemas.replace(STRICT, SOUND));
  });

  it('leaves a pattern the example passes, an answer that does not name the field, an unnamed pattern', async () => {
    const body = '{"error":"contact must be a valid email address"}';
    const plain = { ...example, contact: 'ada@lights.org' };
    expect(await refused({ 'src/v.js': validation(STRICT) }, withBody(plain), body)).toEqual([]);
    expect(await refused({ 'src/v.js': validation(STRICT) }, withBody(example), '{"error":"Bad request"}')).toEqual([]);
    const unnamed = `module.exports = { ok: (v) => ${STRICT}.test(v) };\n`;
    expect(await refused({ 'src/v.js': unnamed }, withBody(example), body)).toEqual([]);
    const noFormat = withBody(example, 'hostname');
    expect(await refused({ 'src/v.js': validation(STRICT) }, noFormat, body)).toEqual([]);
  });
});
