import { describe, expect, it } from 'vitest';
import { nestFiles } from '../../node/test-support/nest-files.js';
import { nodeLog, templateContext } from '../../templates/node/test-support/template-context.js';
import { nodeJsonSerialize } from './json-serialize.js';

const CONTROLLER = 'src/books/books.controller.ts';
// Nest serialises the returned value in its own frames: the trace has no frame of the app.
const bigint = nodeLog('TypeError: Do not know how to serialize a BigInt', ['JSON.stringify (<anonymous>)', 'stringify (/app/node_modules/express/lib/response.js:1034:12)']);

describe('node.json-serialize', () => {
  it("passes a NestJS handler's returned value through a typed toJsonSafe", async () => {
    const files = { ...nestFiles, [CONTROLLER]: nestFiles[CONTROLLER]!.replace('return this.books;', 'return { count: BigInt(this.books.length) };') };
    const { context, tree } = templateContext(files, { kind: 'runtime_error', endpoint: 'GET /v1/books', log: bigint });
    expect(await nodeJsonSerialize.apply(context)).toMatchObject({ template: { recipe: 'node.json-serialize', mode: 'bigint' } });
    const updated = (await tree.read(CONTROLLER))!;
    expect(updated).toContain('    return toJsonSafe({ count: BigInt(this.books.length) });\n');
    expect(updated).toContain('function toJsonSafe<T>(value: T): T {');
  });

  it('leaves a Nest endpoint no mounted controller serves alone', async () => {
    const { context } = templateContext(nestFiles, { kind: 'runtime_error', endpoint: 'GET /v1/books/{bookId}/reviews', log: bigint });
    expect(await nodeJsonSerialize.apply(context)).toBeNull();
  });
});
