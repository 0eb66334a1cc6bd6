import { describe, expect, it } from 'vitest';
import { nodeSpreadGetter } from './spread-getter.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const missing = (field: string) => `body does not match the HTTP 200 schema: /0 must have required property '${field}'`;
const MODEL =
  'class Room {\n  constructor(size, used) {\n    this.size = size;\n    this.used = used;\n  }\n\n' +
  '  get free() {\n    return this.size - this.used;\n  }\n}\nmodule.exports = { Room };\n';

describe('node.spread-getter', () => {
  it('copies the getter of the spread instance into the mapper literal (JS)', async () => {
    const mapper = 'function toRoomDto(room) {\n  return { ...room };\n}\nmodule.exports = { toRoomDto };\n';
    const { context } = templateContext(
      { 'src/room.js': MODEL, 'src/mapper.js': mapper },
      { kind: 'schema_mismatch', endpoint: 'GET /rooms', actual: 200, message: missing('free') },
    );
    const found = await allCandidates(nodeSpreadGetter, context, ['src/mapper.js']);
    expect(found.map((f) => f.files['src/mapper.js'])).toEqual([
      mapper.replace('{ ...room }', '{ ...room, free: room.free }'),
    ]);
  });

  it('follows a parameter typed with the class (TS)', async () => {
    const model =
      'export class Room {\n  constructor(public size: number, public used: number) {}\n' +
      '  get free(): number {\n    return this.size - this.used;\n  }\n}\n';
    const mapper = "import { Room } from './room';\nexport const toDto = (r: Room) => ({ ...r, kind: 'room' });\n";
    const { context } = templateContext(
      { 'src/room.ts': model, 'src/mapper.ts': mapper },
      { kind: 'schema_mismatch', endpoint: 'GET /rooms', actual: 200, message: missing('free') },
    );
    const found = await allCandidates(nodeSpreadGetter, context, ['src/mapper.ts']);
    expect(found.map((f) => f.files['src/mapper.ts'])).toEqual([
      mapper.replace('{ ...r, kind', '{ ...r, free: r.free, kind'),
    ]);
  });

  it('leaves a missing field no class computes in a getter, and a spread of another object', async () => {
    const mapper =
      'function toRoomDto(room, extra) {\n  return { ...extra, size: room.size };\n}\n' +
      'module.exports = { toRoomDto };\n';
    const { context } = templateContext(
      { 'src/room.js': MODEL, 'src/mapper.js': mapper },
      { kind: 'schema_mismatch', endpoint: 'GET /rooms', actual: 200, message: missing('free') },
    );
    expect(await allCandidates(nodeSpreadGetter, context, [])).toEqual([]);
    const other = templateContext(
      { 'src/room.js': MODEL, 'src/mapper.js': mapper.replace('...extra', '...room') },
      { kind: 'schema_mismatch', endpoint: 'GET /rooms', actual: 200, message: missing('area') },
    );
    expect(await allCandidates(nodeSpreadGetter, other.context, [])).toEqual([]);
  });
});
