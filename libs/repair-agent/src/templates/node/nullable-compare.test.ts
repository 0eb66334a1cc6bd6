import { describe, expect, it } from 'vitest';
import { nodeNullableCompare } from './nullable-compare.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const nullRead = (property: string, frame: string) =>
  nodeLog(`TypeError: Cannot read properties of null (reading '${property}')`, [frame]);

const run = async (file: string, source: string, line: number, property = 'toLowerCase') => {
  const { context } = templateContext(
    { [file]: source },
    { kind: 'runtime_error', endpoint: 'POST /members', log: nullRead(property, `/app/${file}:${line}:40`) },
  );
  return allCandidates(nodeNullableCompare, context, [file]);
};

describe('node.nullable-compare', () => {
  it('reads the field optionally in a TypeScript find whose non-null assertion was wrong', async () => {
    const source =
      'export async function create(input: { email?: string }, repo: Repo) {\n' +
      '  const email = input.email!.toLowerCase();\n' +
      '  const taken = (await repo.all()).find((m) => m.email!.toLowerCase() === email);\n' +
      "  if (taken) throw new Error('taken');\n  return repo.insert(input);\n}\n";
    const found = await run('src/members.ts', source, 3);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.nullable-compare']);
    expect(found[0]!.files['src/members.ts']).toBe(
      source.replace('m.email!.toLowerCase() === email', '(m.email != null && m.email!.toLowerCase() === email)'),
    );
  });

  it('guards the record in a JavaScript some(), not when the other side reads the same member', async () => {
    const source = 'exports.exists = (rows, code) =>\n  rows.some((r) => code === r.legacyCode.trim());\n';
    const found = await run('src/codes.js', source, 2, 'trim');
    expect(found[0]!.files['src/codes.js']).toBe(
      source.replace('code === r.legacyCode.trim()', '(r.legacyCode != null && code === r.legacyCode.trim())'),
    );
    // `code.trim()` may be the read that failed (a value the request did not send): no guess.
    const both = source.replace('code === r', 'code.trim() === r');
    expect(await run('src/codes.js', both, 2, 'trim')).toEqual([]);
  });

  it('keeps a record without the value where an inequality filters (== null ||)', async () => {
    const source = 'exports.others = (rows, email) =>\n  rows.filter((r) => r.email.toLowerCase() !== email);\n';
    const found = await run('src/others.js', source, 2);
    expect(found[0]!.files['src/others.js']).toBe(
      source.replace('r.email.toLowerCase() !== email', '(r.email == null || r.email.toLowerCase() !== email)'),
    );
  });

  it('leaves a read outside a search predicate, and a comparison of two optional reads', async () => {
    const outside = 'function key(m) {\n  return m.email.toLowerCase() === "x";\n}\nmodule.exports = { key };\n';
    expect(await run('src/key.js', outside, 2)).toEqual([]);
    const both = 'exports.same = (rows, a) =>\n  rows.find((r) => r.email.toLowerCase() === a.email?.toLowerCase());\n';
    expect(await run('src/same.js', both, 2)).toEqual([]);
  });
});
