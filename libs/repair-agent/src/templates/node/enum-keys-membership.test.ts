import { describe, expect, it } from 'vitest';
import { nodeEnumKeysMembership } from './enum-keys-membership.js';
import { allCandidates, templateContext, withRequestBody } from './test-support/template-context.js';

const constants = (grades: string) =>
  `'use strict';\n\nconst GRADES = Object.freeze(${grades});\n\nmodule.exports = { GRADES };\n`;
const values = "{\n  APPRENTICE: 'apprentice',\n  MASTER: 'master craftsman',\n}";
const controller = (list: string) =>
  "const { GRADES } = require('../constants');\nconst { ValidationError } = require('../errors');\n\n" +
  'async function create(req, res) {\n  const body = req.body || {};\n' +
  `  if (!Object.${list}(GRADES).includes(body.grade)) {\n` +
  "    throw new ValidationError(`grade must be one of: ${Object.values(GRADES).join(', ')}`);\n  }\n" +
  '  res.status(201).json({ grade: body.grade });\n}\n\nmodule.exports = { create };\n';
const refused = async (files: Record<string, string>, body: string, allowed: string[], field = 'grade') => {
  const { context } = templateContext(files, {
    kind: 'status_mismatch',
    endpoint: 'POST /wallers',
    expected: 201,
    actual: 400,
    body,
  });
  const operation = withRequestBody(context.operation!, { [field]: { type: 'string', enum: allowed } }, [field]);
  return allCandidates(nodeEnumKeysMembership, { ...context, operation }, Object.keys(files));
};
const message = '{"error":"grade must be one of: apprentice, master craftsman"}';

describe('node.enum-keys-membership', () => {
  it("checks a body field against the enum object's values the contract allows (CommonJS)", async () => {
    const files = { 'src/constants.js': constants(values), 'src/controllers/wallers.js': controller('keys') };
    const found = await refused(files, message, ['apprentice', 'master craftsman']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.enum-keys-membership@src/controllers/wallers.js:6']);
    expect(found[0]!.files['src/controllers/wallers.js']).toBe(controller('values'));
  });

  it('does the same for a local checked in a ternary guard, the object `as const` in TypeScript', async () => {
    const ts = (list: string) =>
      'export const Shift = { Early: "early", Late: "late" } as const;\n' +
      'export function parseShift(shift: string): string {\n' +
      `  return Object.${list}(Shift).indexOf(shift) >= 0 ? shift : fail("shift must be early or late");\n}\n` +
      'function fail(message: string): never {\n  throw new Error(message);\n}\n';
    const body = '{"detail":"shift must be early or late"}';
    const found = await refused({ 'src/shift.ts': ts('keys') }, body, ['early', 'late'], 'shift');
    expect(found.map((f) => f.files['src/shift.ts'])).toEqual([ts('values')]);
  });

  it('near miss: the contract documents the keys themselves (or values the object lacks)', async () => {
    const files = { 'src/constants.js': constants(values), 'src/controllers/wallers.js': controller('keys') };
    expect(await refused(files, message, ['APPRENTICE', 'MASTER'])).toEqual([]);
    expect(await refused(files, message, ['apprentice', 'journeyman'])).toEqual([]);
  });

  it('rewrites `field in OBJECT` to a check of its values', async () => {
    const guard = (test: string) => controller('keys').replace('!Object.keys(GRADES).includes(body.grade)', test);
    const files = {
      'src/constants.js': constants(values),
      'src/controllers/wallers.js': guard('!(body.grade in GRADES)'),
    };
    const found = await refused(files, message, ['apprentice', 'master craftsman']);
    expect(found.map((f) => f.files['src/controllers/wallers.js'])).toEqual([
      guard('!(Object.values(GRADES).includes(body.grade))'),
    ]);
    expect(await refused(files, message, ['APPRENTICE', 'MASTER'])).toEqual([]);
  });
});
