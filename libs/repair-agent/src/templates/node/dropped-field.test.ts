import { describe, expect, it } from 'vitest';
import { nodeDroppedField } from './dropped-field.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const repository = (extra = '') =>
  "const store = require('../db/store');\n\nasync function create(data) {\n  const row = {\n" +
  "    id: store.nextId('bookings'),\n    slipId: data.slipId,\n    nights: data.nights,\n" +
  `    totalCents: data.totalCents,\n${extra}    createdAt: new Date().toISOString(),\n  };\n` +
  "  store.table('bookings').push(row);\n  return row;\n}\n\nmodule.exports = { create };\n";
const service = (status: string) =>
  "const repo = require('../repositories/bookings');\n\nasync function book(input, slip) {\n" +
  '  const nights = 2;\n  return repo.create({\n    slipId: slip.id,\n    nights,\n' +
  `    totalCents: nights * slip.rate,\n${status}  });\n}\n\nmodule.exports = { book };\n`;
const run = (files: Record<string, string>) =>
  allCandidates(
    nodeDroppedField,
    templateContext(files, {
      kind: 'schema_mismatch',
      endpoint: 'POST /bookings',
      expected: 201,
      actual: 201,
      message: "body does not match the HTTP 201 schema: must have required property 'status'",
    }).context,
    Object.keys(files),
  );

describe('node.dropped-field', () => {
  it('copies the field the builder leaves out of what its caller hands it', async () => {
    const found = await run({
      'src/repositories/bookings.js': repository(),
      'src/services/bookings.js': service("    status: 'confirmed',\n"),
      // A spread in a call's literal is no key (and no crash).
      'src/services/audit.js': 'exports.log = (repo, row) => repo.save({ ...row, at: Date.now() });\n',
    });
    expect(found.map((f) => f.candidate.key)).toEqual(['node.dropped-field']);
    expect(found[0]!.files['src/repositories/bookings.js']).toBe(repository('    status: data.status,\n'));
  });

  it('leaves a builder whose callers do not hand the field, and one that copies it, alone', async () => {
    expect(
      await run({ 'src/repositories/bookings.js': repository(), 'src/services/bookings.js': service('') }),
    ).toEqual([]);
    expect(
      await run({
        'src/repositories/bookings.js': repository("    status: 'pending',\n"),
        'src/services/bookings.js': service("    status: 'confirmed',\n"),
      }),
    ).toEqual([]);
  });
});
