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

  describe('a zod datetime check on a field the contract documents as a date', () => {
    const schemas =
      "import { z } from 'zod';\n\nexport const bookingCreate = z.object({\n  name: z.string().min(1),\n" +
      "  contact: z.string().datetime({ message: 'bad date' }).optional(),\n  sentAt: z.string().datetime(),\n});\n";
    const dated = { name: 'Ada', contact: '2025-06-01' };
    const body = '{"error":"validation failed","issues":[{"path":"contact","message":"Invalid datetime"}]}';
    const withZod = (version: string | null, range = '^3.22.0') => ({
      'src/schemas.ts': schemas,
      'package.json': JSON.stringify({ dependencies: { zod: range } }),
      ...(version ? { 'node_modules/zod/package.json': JSON.stringify({ name: 'zod', version }) } : {}),
    });

    it("checks the field with zod's date() where the installed zod has it", async () => {
      const found = await refused(withZod('3.23.8'), withBody(dated, 'date'), body);
      expect(found.map((f) => f.candidate.key)).toEqual(['node.format-pattern@src/schemas.ts:5']);
      expect(found[0]!.files['src/schemas.ts']).toBe(schemas.replace("datetime({ message: 'bad date' })", 'date()'));
    });

    it('checks the field with a date pattern on an older zod (from the range package.json asks for)', async () => {
      const found = await refused(withZod(null, '~3.21.4'), withBody(dated, 'date'), body);
      expect(found[0]!.files['src/schemas.ts']).toBe(
        schemas.replace("datetime({ message: 'bad date' })", 'regex(/^\\d{4}-\\d{2}-\\d{2}$/)'),
      );
    });

    it('leaves a datetime check when the contract says date-time, or on another field', async () => {
      expect(await refused(withZod('3.23.8'), withBody(dated, 'date-time'), body)).toEqual([]);
      const other = body.replace('"contact"', '"sentAt"');
      expect(await refused(withZod('3.23.8'), withBody({ ...dated, sentAt: '2025-06-01' }, 'date'), other)).toEqual([]);
    });
  });
});
