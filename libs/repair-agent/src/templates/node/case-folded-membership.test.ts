import { describe, expect, it } from 'vitest';
import { nodeCaseFoldedMembership } from './case-folded-membership.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const validator = (fold: string) =>
  "const { ValidationError } = require('../errors');\nconst { LEVELS } = require('../constants');\n\n" +
  'function validateMember(body) {\n  const errors = [];\n' +
  `  const level = String(body.level || '').trim()${fold};\n` +
  "  if (!LEVELS.includes(level)) errors.push(`level must be one of ${LEVELS.join(', ')}`);\n" +
  "  if (errors.length) throw new ValidationError('Invalid member', errors);\n  return { level };\n}\n\n" +
  'module.exports = { validateMember };\n';
const constants = (levels: string) => `module.exports = {\n  LEVELS: ${levels},\n};\n`;
const refused = (files: Record<string, string>, body: string) =>
  allCandidates(
    nodeCaseFoldedMembership,
    templateContext(files, { kind: 'status_mismatch', endpoint: 'POST /members', expected: 201, actual: 422, body })
      .context,
    Object.keys(files),
  );
const levelsBody = '{"error":"Invalid member","details":["level must be one of novice, regular, senior"]}';

describe('node.case-folded-membership', () => {
  it('folds to the case every allowed value is written in (a list exported by another module)', async () => {
    const files = {
      'src/validators/member.js': validator('.toUpperCase()'),
      'src/constants.js': constants("['novice', 'regular', 'senior']"),
    };
    const found = await refused(files, levelsBody);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.case-folded-membership@src/validators/member.js:6']);
    expect(found[0]!.files['src/validators/member.js']).toBe(validator('.toLowerCase()'));
  });

  it('reads an inline list and a direct fold in the guard of a throw (upper-case values)', async () => {
    const service =
      'function setPriority(task, value) {\n' +
      "  if (!['LOW', 'HIGH'].includes(value.toLowerCase())) throw new Error(`Unknown priority value ${value}`);\n" +
      '  task.priority = value;\n}\nmodule.exports = { setPriority };\n';
    const found = await refused({ 'src/tasks.js': service }, '{"error":"Unknown priority value high"}');
    expect(found[0]!.files['src/tasks.js']).toBe(service.replace('value.toLowerCase()', 'value.toUpperCase()'));
  });

  it('leaves a fold that matches the list, a list of mixed case, and a guard the message is not under', async () => {
    const lower = {
      'src/validators/member.js': validator('.toLowerCase()'),
      'src/constants.js': constants("['novice', 'regular', 'senior']"),
    };
    expect(await refused(lower, levelsBody)).toEqual([]);
    const mixed = { ...lower, 'src/validators/member.js': validator('.toUpperCase()') };
    mixed['src/constants.js'] = constants("['novice', 'Regular', 'senior']");
    expect(await refused(mixed, levelsBody)).toEqual([]);
    const other = { ...mixed, 'src/constants.js': constants("['novice', 'regular', 'senior']") };
    expect(await refused(other, '{"error":"Invalid member"}')).toEqual([]);
  });
});
