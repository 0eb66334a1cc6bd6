import { describe, expect, it } from 'vitest';
import { nodeStatefulRegExpTest } from './stateful-regexp-test.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const codes = (flags: string, extra = '') =>
  "import { HttpError } from './http-error.js';\n\n" +
  `const CODE_PATTERN = /^[A-Z]{3}-\\d{3}$/${flags};\n\n` +
  'export function isValidCode(value: string): boolean {\n  return CODE_PATTERN.test(value);\n}\n' +
  extra;
const service =
  "import { isValidCode } from '../utils/codes.js';\nimport { HttpError } from '../utils/http-error.js';\n\n" +
  'export function createParcel(input: { code: string }) {\n  const code = input.code.trim();\n' +
  '  if (!isValidCode(code)) {\n    throw new HttpError(422, `invalid parcel code ${input.code}`);\n  }\n' +
  '  return { code };\n}\n';
const refused = (files: Record<string, string>, body: string) =>
  allCandidates(
    nodeStatefulRegExpTest,
    templateContext(files, { kind: 'status_mismatch', endpoint: 'POST /parcels', expected: 201, actual: 422, body })
      .context,
    Object.keys(files),
  );
const codeBody = '{"error":"Unprocessable Entity","message":"invalid parcel code ABC-123"}';

describe('node.stateful-regexp-test', () => {
  it('drops the g flag of the RegExp a guard tests through an imported function (TypeScript)', async () => {
    const files = { 'src/services/parcels.ts': service, 'src/utils/codes.ts': codes('g') };
    const found = await refused(files, codeBody);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.stateful-regexp-test@src/utils/codes.ts:3']);
    expect(found[0]!.files['src/utils/codes.ts']).toBe(codes(''));
    expect(found[0]!.files['src/services/parcels.ts']).toBe(service);
  });

  it('drops g of a RegExp tested in the guard itself, keeping its other flags, not a sticky one (JS)', async () => {
    const check = (flags: string) =>
      `const SLUG = /^[a-z0-9-]+$/${flags};\n\nfunction rename(tag, value) {\n` +
      '  if (!SLUG.test(value)) throw new Error(`slug must be lower-case words: ${value}`);\n' +
      '  tag.slug = value;\n}\nmodule.exports = { rename };\n';
    const message = '{"error":"slug must be lower-case words: blue-sky"}';
    const found = await refused({ 'src/tags.js': check('gi') }, message);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.stateful-regexp-test@src/tags.js:1']);
    expect(found[0]!.files['src/tags.js']).toBe(check('i'));
    expect(await refused({ 'src/tags.js': check('giy') }, message)).toEqual([]);
  });

  it('leaves a RegExp without g, one also used to replace, an exported one, and an unrelated message', async () => {
    const base = { 'src/services/parcels.ts': service };
    expect(await refused({ ...base, 'src/utils/codes.ts': codes('') }, codeBody)).toEqual([]);
    const replaced = codes('g', "export const tidy = (v: string) => v.replace(CODE_PATTERN, '');\n");
    expect(await refused({ ...base, 'src/utils/codes.ts': replaced }, codeBody)).toEqual([]);
    const exported = codes('g').replace('const CODE_PATTERN', 'export const CODE_PATTERN');
    expect(await refused({ ...base, 'src/utils/codes.ts': exported }, codeBody)).toEqual([]);
    const other = { ...base, 'src/utils/codes.ts': codes('g') };
    expect(await refused(other, '{"error":"parcel weight must be positive"}')).toEqual([]);
  });
});
