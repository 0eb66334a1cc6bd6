import { describe, expect, it } from 'vitest';
import { nodeIndexAsId } from './index-as-id.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const file = 'src/views.ts';
const view =
  "import { store } from './store.js';\n\nexport function loanView(l: Loan) {\n" +
  '  const book = store.books.find((x) => x.id === l.bookId);\n' +
  '  const reader = store.readers[l.readerId];\n' +
  '  return { ...l, title: book!.title, readerName: reader.name };\n}\n';
const crash = (source: string, line = 6, name = file) =>
  templateContext(
    { [name]: source },
    {
      kind: 'runtime_error',
      endpoint: 'GET /loans/{id}',
      log: nodeLog("TypeError: Cannot read properties of undefined (reading 'name')", [
        `loanView (/app/${name}:${line}:60)`,
      ]),
    },
  ).context;

describe('node.index-as-id', () => {
  it('finds a record by id where a sibling lookup of the same store does (TypeScript)', async () => {
    const found = await allCandidates(nodeIndexAsId, crash(view), [file]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.index-as-id']);
    expect(found[0]!.files[file]).toBe(
      view.replace('store.readers[l.readerId]', 'store.readers.find((x) => x.id === l.readerId)!'),
    );
  });

  it('uses the key the sibling compares (CommonJS, snake_case ids)', async () => {
    const js =
      "const db = require('./db');\nfunction row(t) {\n  const site = db.sites.find((s) => s.code === t.site_id);\n" +
      '  const crew = db.crews[t.crew_id];\n  return { crewName: crew.name, site: site.code };\n}\n' +
      'module.exports = { row };\n';
    const found = await allCandidates(nodeIndexAsId, crash(js, 5, 'src/rows.js'), ['src/rows.js']);
    expect(found[0]!.files['src/rows.js']).toBe(
      js.replace('db.crews[t.crew_id]', 'db.crews.find((x) => x.code === t.crew_id)'),
    );
  });

  it('leaves an index that is no id, and a lookup with no sibling found by key', async () => {
    const position = view.replace('store.readers[l.readerId]', 'store.readers[l.position]');
    expect(await allCandidates(nodeIndexAsId, crash(position), [])).toEqual([]);
    const keyed = view.replace('store.books.find((x) => x.id === l.bookId)', 'store.books[l.bookId]');
    expect(await allCandidates(nodeIndexAsId, crash(keyed), [])).toEqual([]);
  });
});
