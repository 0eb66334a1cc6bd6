import { describe, expect, it } from 'vitest';
import { nodeMissingField } from './missing-field.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const missing = (field: string) =>
  `body does not match the HTTP 200 schema: (body) must have required property '${field}'`;

describe('node.missing-field', () => {
  it('fills a count from the key of the local literal whose value is the length (CommonJS service)', async () => {
    const service =
      "const repo = require('./repo');\n\nasync function stats(id) {\n" +
      '  const ratings = await repo.ratings(id);\n  const summary = { count: ratings.length, total: 0 };\n' +
      '  return {\n    id,\n    reviewCount: summary.length,\n    total: summary.total,\n  };\n}\n' +
      'module.exports = { stats };\n';
    const { context } = templateContext(
      { 'src/services/stats.js': service, 'src/repo.js': 'exports.ratings = async () => [];\n' },
      { kind: 'schema_mismatch', endpoint: 'GET /stats/{id}', actual: 200, message: missing('reviewCount') },
    );
    const found = await allCandidates(nodeMissingField, context, ['src/services/stats.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.missing-field@src/services/stats.js:8']);
    expect(found[0]!.files['src/services/stats.js']).toBe(service.replace('summary.length', 'summary.count'));
  });

  it('fills a field from the key the mapper of the object writes, a case style apart (ESM handler)', async () => {
    const handler =
      "import { toNote } from '../mappers.js';\nimport * as notes from '../repo.js';\n\n" +
      'export const getNote = async (req, res) => {\n' +
      '  const note = toNote(await notes.find(req.params.id));\n' +
      '  res.json({ id: note.id, createdAt: note.created_at });\n};\n';
    const mapper = 'export function toNote(row) {\n  return { id: row.id, createdAt: row.created_at };\n}\n';
    const { context } = templateContext(
      { 'src/handlers/notes.js': handler, 'src/mappers.js': mapper },
      { kind: 'schema_mismatch', endpoint: 'GET /notes/{id}', actual: 200, message: missing('createdAt') },
    );
    const found = await allCandidates(nodeMissingField, context, ['src/handlers/notes.js']);
    expect(found[0]!.files['src/handlers/notes.js']).toBe(
      handler.replace('createdAt: note.created_at', 'createdAt: note.createdAt'),
    );
  });

  it('leaves a key the object has, and a member two keys could stand for', async () => {
    const has =
      'exports.stats = (ratings) => {\n  const summary = { length: undefined, count: ratings.length };\n' +
      '  return { reviewCount: summary.length };\n};\n';
    const real = templateContext(
      { 'src/stats.js': has },
      { kind: 'schema_mismatch', endpoint: 'GET /stats', actual: 200, message: missing('reviewCount') },
    );
    expect(await allCandidates(nodeMissingField, real.context, [])).toEqual([]);
    const two =
      'exports.stats = (ratings, episodes) => {\n' +
      '  const summary = { reviews: ratings.length, episodes: episodes.length };\n' +
      '  return { reviewCount: summary.length };\n};\n';
    const ambiguous = templateContext(
      { 'src/stats.js': two },
      { kind: 'schema_mismatch', endpoint: 'GET /stats', actual: 200, message: missing('reviewCount') },
    );
    expect(await allCandidates(nodeMissingField, ambiguous.context, [])).toEqual([]);
  });
});
