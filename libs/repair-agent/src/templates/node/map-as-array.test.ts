import { describe, expect, it } from 'vitest';
import { nodeMapAsArray } from './map-as-array.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message for an array method called on a Map (captured from a run).
const run = (files: Record<string, string>, file: string, expression: string, frame: string) =>
  allCandidates(
    nodeMapAsArray,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'GET /guests',
      log: nodeLog(`TypeError: ${expression} is not a function`, [frame]),
    }).context,
    [file],
  );

const store =
  "'use strict';\nconst seed = require('./seed');\n\nconst db = {\n  rooms: [],\n  guests: new Map(),\n};\n\n" +
  'function reset() {\n  db.rooms = seed.rooms.map((r) => ({ ...r }));\n' +
  '  db.guests = new Map(seed.guests.map((g) => [g.id, { ...g }]));\n}\n\nmodule.exports = { db, reset };\n';
const seed = 'const guests = [{ id: 1, vip: true }];\nconst rooms = [];\nmodule.exports = { guests, rooms };\n';
const guests =
  "'use strict';\nconst { db } = require('../db/store');\n\nasync function listGuests({ vip } = {}) {\n" +
  '  return db.guests.filter((g) => vip === undefined || g.vip === vip);\n}\n\nmodule.exports = { listGuests };\n';

describe('node.map-as-array', () => {
  it("reads a store's Map as its values before .filter (CommonJS, the Map made in another module)", async () => {
    const file = 'src/services/guests.js';
    const files = { 'src/db/store.js': store, 'src/db/seed.js': seed, [file]: guests };
    const found = await run(files, file, 'db.guests.filter', `listGuests (/app/${file}:5:20)`);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.map-as-array#map']);
    expect(found[0]!.files[file]).toBe(guests.replace('db.guests.filter(', '[...db.guests.values()].filter('));
  });

  it('spreads a module Set before .map, and a class field Map before .find (TypeScript)', async () => {
    const file = 'src/tags.ts';
    const tags =
      'const seen = new Set<string>();\nexport function remember(t: string) {\n  seen.add(t);\n}\n' +
      'export function upper(): string[] {\n  return seen.map((t) => t.toUpperCase());\n}\n';
    const found = await run({ [file]: tags }, file, 'seen.map', `upper (/app/${file}:6:15)`);
    expect(found[0]!.files[file]).toBe(tags.replace('seen.map(', '[...seen].map('));

    const repo = 'src/repo.ts';
    const source =
      'export class Repo {\n  private rows = new Map<number, { id: number; name: string }>();\n' +
      '  byName(name: string) {\n    return this.rows.find((r) => r.name === name);\n  }\n}\n';
    const field = await run({ [repo]: source }, repo, 'this.rows.find', `Repo.byName (/app/${repo}:4:22)`);
    expect(field[0]!.files[repo]).toBe(source.replace('this.rows.find(', '[...this.rows.values()].find('));
  });

  it('leaves a name also made as an array, a name never made as a Map, and forEach', async () => {
    const file = 'src/services/guests.js';
    const mixed = store.replace('  rooms: [],\n', '  rooms: [],\n  other: { guests: [] },\n');
    const files = { 'src/db/store.js': mixed, 'src/db/seed.js': seed, [file]: guests };
    expect(await run(files, file, 'db.guests.filter', `listGuests (/app/${file}:5:20)`)).toEqual([]);
    const unknown = { 'src/db/seed.js': seed, [file]: guests };
    expect(await run(unknown, file, 'db.guests.filter', `listGuests (/app/${file}:5:20)`)).toEqual([]);
    const each = guests.replace('db.guests.filter(', 'db.guests.forEach(');
    const eachFiles = { 'src/db/store.js': store, [file]: each };
    expect(await run(eachFiles, file, 'db.guests.forEach', `listGuests (/app/${file}:5:20)`)).toEqual([]);
  });

  it('leaves a Map read by findIndex, indexOf, includes or at (they index or test an array)', async () => {
    const file = 'src/services/guests.js';
    for (const method of ['findIndex', 'indexOf', 'includes', 'at']) {
      const source = guests.replace('db.guests.filter(', `db.guests.${method}(`);
      const files = { 'src/db/store.js': store, 'src/db/seed.js': seed, [file]: source };
      expect(await run(files, file, `db.guests.${method}`, `listGuests (/app/${file}:5:20)`)).toEqual([]);
    }
  });

  it("leaves a request's path and a path whose root is not the object making the Map", async () => {
    const file = 'src/routes/tags.js';
    const made = "'use strict';\nconst store = {};\nstore.tags = new Map();\nmodule.exports = { store };\n";
    const route =
      "'use strict';\nconst other = require('../other');\n\nfunction create(req, res) {\n" +
      '  res.json(req.body.tags.map((t) => t.trim()));\n}\n\nfunction list(res) {\n' +
      '  res.json(other.tags.map((t) => t.name));\n}\nmodule.exports = { create, list };\n';
    const otherModule = "'use strict';\nmodule.exports = { tags: [] .concat() };\n";
    const files = { 'src/store.js': made, 'src/other.js': otherModule, [file]: route };
    expect(await run(files, file, 'req.body.tags.map', `create (/app/${file}:5:26)`)).toEqual([]);
    expect(await run(files, file, 'other.tags.map', `list (/app/${file}:9:23)`)).toEqual([]);
  });
  it("spreads a record's Set property read in an array callback (the property made as a Set in the seed)", async () => {
    const seedFile = 'src/store/seed.js';
    const made =
      "'use strict';\nfunction seed(db) {\n  db.insert('layouts', { name: 'A', tags: new Set(['dcc']) });\n}\n" +
      'module.exports = { seed };\n';
    const file = 'src/services/layouts.js';
    const list =
      "'use strict';\nconst db = require('../store/db');\n\nfunction list({ tag } = {}) {\n" +
      "  return db.all('layouts').filter((l) => !tag || l.tags.includes(tag));\n}\n" +
      'const format = (l) => ({ id: l.id, tags: [...l.tags] });\nmodule.exports = { list, format };\n';
    const found = await run({ [seedFile]: made, [file]: list }, file, 'l.tags.includes', `list (/app/${file}:5:55)`);
    expect(found[0]!.files[file]).toBe(list.replace('l.tags.includes(', '[...l.tags].includes('));
    // A callback's second parameter is an index, not an element; a plain parameter is no element.
    const indexed = list.replace('.filter((l) => !tag || l.tags', '.filter((x, l) => !tag || l.tags');
    expect(
      await run({ [seedFile]: made, [file]: indexed }, file, 'l.tags.includes', `list (/app/${file}:5:58)`),
    ).toEqual([]);
    const param = list.replace(
      "function list({ tag } = {}) {\n  return db.all('layouts').filter((l) => !tag || l.tags.includes(tag));",
      'function list(l, tag) {\n  return l.tags.includes(tag);',
    );
    expect(await run({ [seedFile]: made, [file]: param }, file, 'l.tags.includes', `list (/app/${file}:5:17)`)).toEqual(
      [],
    );
  });
});
