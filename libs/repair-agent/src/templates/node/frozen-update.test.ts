import { describe, expect, it } from 'vitest';
import { nodeFrozenUpdate } from './frozen-update.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// The message and frames as Node 20 printed them for Object.assign on a frozen record (captured from a run).
const frozen = (frame: string) =>
  nodeLog("TypeError: Cannot assign to read only property 'email' of object '#<Object>'", [
    'Function.assign (<anonymous>)',
    frame,
  ]);
const contextOf = (files: Record<string, string>, frame: string) =>
  templateContext(files, { kind: 'runtime_error', endpoint: 'PATCH /members/{id}', log: frozen(frame) }).context;

const table = [
  'export class Table<T extends { id: number }> {',
  '  protected readonly records = new Map<number, T>();',
  '  private next = 0;',
  '',
  '  async insert(data: Omit<T, "id">): Promise<T> {',
  '    const record = Object.freeze({ ...data, id: ++this.next }) as T;',
  '    this.records.set(record.id, record);',
  '    return record;',
  '  }',
  '',
  '  async patch(id: number, changes: Partial<T>): Promise<T | undefined> {',
  '    const current = this.records.get(id);',
  '    if (!current) return undefined;',
  '    Object.assign(current, changes);',
  '    return current;',
  '  }',
  '}',
  '',
].join('\n');

const store = [
  "'use strict';",
  'const members = new Map();',
  '',
  'function add(member) {',
  '  members.set(member.id, Object.freeze({ ...member }));',
  '}',
  '',
  'async function update(memberId, body) {',
  '  const updated = members.get(memberId);',
  '  Object.assign(updated, body, { updatedAt: Date.now() });',
  '  return { ok: true, member: updated };',
  '}',
  '',
  'module.exports = { add, update };',
  '',
].join('\n');

describe('node.frozen-update', () => {
  it("stores a frozen copy in a generic TypeScript table, with the file's own cast", async () => {
    const found = await allCandidates(
      nodeFrozenUpdate,
      contextOf({ 'src/db/table.ts': table }, 'MemberTable.patch (/app/src/db/table.ts:14:12)'),
      ['src/db/table.ts'],
    );
    expect(found.map((f) => f.candidate.key)).toEqual(['node.frozen-update']);
    expect(found[0]!.files['src/db/table.ts']).toBe(
      table.replace(
        '    Object.assign(current, changes);\n    return current;',
        '    const updated = Object.freeze({ ...current, ...changes }) as T;\n' +
          '    this.records.set(id, updated);\n    return updated;',
      ),
    );
  });

  it('stores a frozen copy in a CommonJS module-level Map, naming the copy apart from a taken name', async () => {
    const found = await allCandidates(
      nodeFrozenUpdate,
      contextOf({ 'src/store.js': store }, 'update (/app/src/store.js:10:10)'),
      ['src/store.js'],
    );
    expect(found[0]!.files['src/store.js']).toBe(
      store.replace(
        '  Object.assign(updated, body, { updatedAt: Date.now() });\n  return { ok: true, member: updated };',
        '  const updatedUpdated = Object.freeze({ ...updated, ...body, updatedAt: Date.now() });\n' +
          '  members.set(memberId, updatedUpdated);\n  return { ok: true, member: updatedUpdated };',
      ),
    );
  });

  it('leaves a record the file never freezes, and one that did not come from a store', async () => {
    const unfrozen = store.replace('Object.freeze({ ...member })', 'member');
    expect(
      await allCandidates(
        nodeFrozenUpdate,
        contextOf({ 'src/store.js': unfrozen }, 'update (/app/src/store.js:10:10)'),
        [],
      ),
    ).toEqual([]);
    const param = store
      .replace('  const updated = members.get(memberId);\n', '')
      .replace('async function update(memberId, body)', 'async function update(updated, body)');
    expect(
      await allCandidates(
        nodeFrozenUpdate,
        contextOf({ 'src/store.js': param }, 'update (/app/src/store.js:9:10)'),
        [],
      ),
    ).toEqual([]);
  });
});
