import { describe, expect, it } from 'vitest';
import { nodeTableKeyMember } from './table-key-member.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const service = (key = 'doc.stage') =>
  "'use strict';\nconst db = require('./db');\n\nconst NEXT = {\n  draft: ['review'],\n  review: ['published'],\n" +
  '  published: [],\n};\n\nfunction move(id, to) {\n  const doc = db.docs.find((d) => d.id === id);\n' +
  `  const allowed = NEXT[${key}];\n  if (!allowed.includes(to)) throw new Error('no');\n` +
  '  doc.state = to;\n  return doc;\n}\n\nfunction create(title) {\n' +
  "  const doc = { id: db.docs.length + 1, title, state: 'draft', kind: 'note' };\n  db.docs.push(doc);\n" +
  '  return doc;\n}\n\nmodule.exports = { move, create };\n';
const db = (docs: string) => `module.exports = {\n  docs: [\n${docs}  ],\n};\n`;
const seeded =
  "    { id: 1, title: 'a', state: 'review', kind: 'memo' },\n" +
  "    { id: 2, title: 'b', state: 'published', kind: 'note' },\n";

const run = (files: Record<string, string>, file: string, line: number, reading: string) =>
  allCandidates(
    nodeTableKeyMember,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'PATCH /docs/{id}',
      log: nodeLog(`TypeError: Cannot read properties of undefined (reading '${reading}')`, [
        `move (/app/${file}:${line}:16)`,
      ]),
    }).context,
    [file],
  );

describe('node.table-key-member', () => {
  it('looks the table up by the one member of the stored objects whose values are its keys', async () => {
    const files = { 'src/docs.js': service(), 'src/db.js': db(seeded) };
    const found = await run(files, 'src/docs.js', 13, 'includes');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.table-key-member@src/docs.js:12']);
    expect(found[0]!.files['src/docs.js']).toBe(service('doc.state'));
  });

  it('reads the entry directly and the objects from a JSON data file (TypeScript, a frozen table)', async () => {
    const rates =
      "import data from './bookings.json';\n\n" +
      'const RATES = Object.freeze({ basic: { perDay: 10 }, plus: { perDay: 25 } });\n\n' +
      'export function price(id: number): number {\n  const booking = data.bookings.find((b) => b.id === id)!;\n' +
      '  return RATES[booking.level].perDay * booking.days;\n}\n';
    const json = JSON.stringify({ bookings: [{ id: 1, tier: 'plus', days: 2, guest: 'Ann' }] });
    const found = await run({ 'src/rates.ts': rates, 'src/bookings.json': json }, 'src/rates.ts', 7, 'perDay');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.table-key-member@src/rates.ts:7']);
    expect(found[0]!.files['src/rates.ts']).toBe(rates.replace('booking.level', 'booking.tier'));
  });

  it('leaves a member the objects do have, two members holding the keys, and a table it cannot read', async () => {
    // `stage` is written (a real member that is merely missing a value): no misspelling.
    const staged = seeded.replace("state: 'review'", "state: 'review', stage: 'x'");
    expect(await run({ 'src/docs.js': service(), 'src/db.js': db(staged) }, 'src/docs.js', 13, 'includes')).toEqual([]);
    // `kind` holds table keys too: which one is meant is not known.
    const ambiguous = service().replace("kind: 'note'", "kind: 'draft'");
    const twice = seeded.replace(/kind: '\w+'/g, "kind: 'review'");
    expect(await run({ 'src/docs.js': ambiguous, 'src/db.js': db(twice) }, 'src/docs.js', 13, 'includes')).toEqual([]);
    const built = service()
      .replace('const NEXT = {', 'const NEXT = build({')
      .replace('};\n\nfunction move', '});\n\nfunction move');
    expect(await run({ 'src/docs.js': built, 'src/db.js': db(seeded) }, 'src/docs.js', 13, 'includes')).toEqual([]);
  });
});
