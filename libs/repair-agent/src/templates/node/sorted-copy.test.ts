import { describe, expect, it } from 'vitest';
import { nodeSortedCopy } from './sorted-copy.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message and frames for Array#sort on a frozen array (captured from a run).
const frozen = (frame: string, method = 'sort', property = '0') =>
  nodeLog(`TypeError: Cannot assign to read only property '${property}' of object '[object Array]'`, [
    `Array.${method} (<anonymous>)`,
    frame,
  ]);
const run = (files: Record<string, string>, file: string, frame: string, method?: string, property?: string) =>
  allCandidates(
    nodeSortedCopy,
    templateContext(files, { kind: 'runtime_error', endpoint: 'GET /rooms', log: frozen(frame, method, property) })
      .context,
    [file],
  );

const service = [
  "import { RoomRepository } from '../repositories/roomRepository';",
  '',
  'export class RoomService {',
  '  constructor(private readonly rooms = new RoomRepository()) {}',
  '',
  '  async list(floor?: string) {',
  '    const rows = floor ? await this.rooms.findByFloor(floor) : await this.rooms.findAll();',
  '    rows.sort((a, b) => a.name.localeCompare(b.name));',
  '    return rows.map((r) => ({ id: r.id, name: r.name }));',
  '  }',
  '}',
  '',
].join('\n');

describe('node.sorted-copy', () => {
  it('declares a sorted local as a copy of the read-only array it was given (TypeScript)', async () => {
    const file = 'src/services/roomService.ts';
    const found = await run({ [file]: service }, file, `RoomService.list (/app/${file}:8:10)`);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.sorted-copy#local']);
    expect(found[0]!.files[file]).toBe(
      service.replace(
        'const rows = floor ? await this.rooms.findByFloor(floor) : await this.rooms.findAll();',
        'const rows = [...(floor ? await this.rooms.findByFloor(floor) : await this.rooms.findAll())];',
      ),
    );
  });

  it('copies the receiver where the call is used as a value (CommonJS, reverse, parenthesised await)', async () => {
    const file = 'src/catalog.js';
    const catalog =
      "'use strict';\nconst { LEVELS } = require('./levels');\n\nfunction newest(limit) {\n" +
      '  return LEVELS.reverse().slice(0, limit);\n}\n\nasync function ranked(repo) {\n' +
      '  return (await repo.all()).sort((a, b) => b.score - a.score);\n}\n' +
      'module.exports = { newest, ranked };\n';
    const first = await run({ [file]: catalog }, file, `newest (/app/${file}:5:17)`, 'reverse');
    expect(first[0]!.files[file]).toBe(catalog.replace('LEVELS.reverse()', '[...LEVELS].reverse()'));
    const second = await run({ [file]: catalog }, file, `ranked (/app/${file}:9:29)`);
    expect(second[0]!.files[file]).toBe(catalog.replace('(await repo.all()).sort(', '[...(await repo.all())].sort('));
  });

  it('leaves a mutation meant for shared state, a splice used as a value, and other read-only objects', async () => {
    const file = 'src/store.js';
    const store =
      'function reorder(db) {\n  db.rooms.sort((a, b) => a.id - b.id);\n}\n' +
      'function drop(list, i) {\n  const all = list;\n  all.splice(i, 1);\n}\n' +
      'function take(list) {\n  return list.splice(0, 1);\n}\nmodule.exports = { reorder, drop, take };\n';
    expect(await run({ [file]: store }, file, `reorder (/app/${file}:2:12)`)).toEqual([]);
    expect(await run({ [file]: store }, file, `drop (/app/${file}:6:7)`, 'splice')).toEqual([]);
    expect(await run({ [file]: store }, file, `take (/app/${file}:9:15)`, 'splice')).toEqual([]);
    const log = nodeLog("TypeError: Cannot assign to read only property 'name' of object '#<Object>'", [
      `RoomService.list (/app/src/services/roomService.ts:8:10)`,
    ]);
    const context = templateContext(
      { 'src/services/roomService.ts': service },
      { kind: 'runtime_error', endpoint: 'GET /rooms', log },
    ).context;
    expect(await allCandidates(nodeSortedCopy, context, [])).toEqual([]);
  });

  it('gives no local copy for splice, fill or copyWithin (the change is meant for the store)', async () => {
    const file = 'src/tasks.js';
    const tasks =
      "const store = require('./store');\n\nfunction remove(i) {\n  const tasks = store.tasks;\n" +
      '  tasks.splice(i, 1);\n  return tasks.length;\n}\n\nfunction reset() {\n  const slots = store.slots;\n' +
      '  slots.fill(null);\n  return slots;\n}\nmodule.exports = { remove, reset };\n';
    expect(await run({ [file]: tasks }, file, `remove (/app/${file}:5:9)`, 'splice')).toEqual([]);
    expect(await run({ [file]: tasks }, file, `reset (/app/${file}:11:9)`, 'fill')).toEqual([]);
  });

  it('treats an optional or non-null sort statement as a statement, not a value', async () => {
    const file = 'src/rooms.ts';
    const rooms =
      "import { store } from './store';\n\nexport function list(cmp: (a: string, b: string) => number) {\n" +
      '  const rows = store.rows;\n  rows?.sort(cmp);\n  return rows;\n}\n\n' +
      'export function other(cmp: (a: string, b: string) => number) {\n  const rows = store.rows;\n' +
      '  rows!.sort(cmp);\n  return rows;\n}\n';
    const first = await run({ [file]: rooms }, file, `list (/app/${file}:5:9)`);
    expect(first.map((f) => f.candidate.key)).toEqual(['node.sorted-copy#local']);
    expect(first[0]!.files[file]).toBe(
      rooms.replace('const rows = store.rows;\n  rows?', 'const rows = [...store.rows];\n  rows?'),
    );
    const second = await run({ [file]: rooms }, file, `other (/app/${file}:11:9)`);
    expect(second.map((f) => f.candidate.key)).toEqual(['node.sorted-copy#local']);
    expect(second[0]!.files[file]).toBe(
      rooms.replace('const rows = store.rows;\n  rows!', 'const rows = [...store.rows];\n  rows!'),
    );
  });
});
