import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { nestFiles } from '../../node/test-support/nest-files.js';
import { nodeLog, templateContext } from '../../templates/node/test-support/template-context.js';
import { nodeJsonSerialize } from './json-serialize.js';

const CONTROLLER = 'src/books/books.controller.ts';
// The controller with an async method `summary` (its result holds a BigInt) and a plain one `totals`.
const withSummary = (controller: string) =>
  controller.replace(
    '  @Get()\n',
    '  async summary() {\n    return { count: 1n };\n  }\n\n  totals() {\n    return { count: 2n };\n  }\n\n  @Get()\n',
  );
// Nest serialises the returned value in its own frames: the trace has no frame of the app.
const bigint = nodeLog('TypeError: Do not know how to serialize a BigInt', [
  'JSON.stringify (<anonymous>)',
  'stringify (/app/node_modules/express/lib/response.js:1034:12)',
]);

describe('node.json-serialize', () => {
  it("passes a NestJS handler's returned value through a typed toJsonSafe", async () => {
    const files = {
      ...nestFiles,
      [CONTROLLER]: nestFiles[CONTROLLER]!.replace(
        'return this.books;',
        'return { count: BigInt(this.books.length) };',
      ),
    };
    const { context, tree } = templateContext(files, { kind: 'runtime_error', endpoint: 'GET /v1/books', log: bigint });
    expect(await nodeJsonSerialize.apply(context)).toMatchObject({
      template: { recipe: 'node.json-serialize', mode: 'bigint' },
    });
    const updated = (await tree.read(CONTROLLER))!;
    expect(updated).toContain('    return toJsonSafe({ count: BigInt(this.books.length) });\n');
    expect(updated).toContain('function toJsonSafe<T>(value: T, textKeys: readonly string[] = []): T {');
    // A literal is no Promise: the handler is left as it was declared.
    expect(updated).toContain('  list() {\n');
  });

  it("awaits a Nest handler's returned call inside the conversion, making the handler async", async () => {
    const files = {
      ...nestFiles,
      [CONTROLLER]: withSummary(nestFiles[CONTROLLER]!.replace('return this.books;', 'return this.summary();')),
    };
    const { context, tree } = templateContext(files, { kind: 'runtime_error', endpoint: 'GET /v1/books', log: bigint });
    expect(await nodeJsonSerialize.apply(context)).not.toBeNull();
    expect(await tree.read(CONTROLLER)).toContain(
      '  @Get()\n  async list() {\n    return toJsonSafe(await this.summary());\n',
    );
  });

  it('near miss: a returned call of a plain method is converted as it is, the handler left as declared', async () => {
    const files = {
      ...nestFiles,
      [CONTROLLER]: withSummary(nestFiles[CONTROLLER]!.replace('return this.books;', 'return this.totals();')),
    };
    const { context, tree } = templateContext(files, { kind: 'runtime_error', endpoint: 'GET /v1/books', log: bigint });
    expect(await nodeJsonSerialize.apply(context)).not.toBeNull();
    const updated = (await tree.read(CONTROLLER))!;
    expect(updated).toContain('  @Get()\n  list() {\n    return toJsonSafe(this.totals());\n');
  });

  it(`awaits the returned call of an async handler as it is, and leaves a handler declaring its return type \
unawaited`, async () => {
    const asyncFiles = {
      ...nestFiles,
      [CONTROLLER]: withSummary(
        nestFiles[CONTROLLER]!.replace(
          '  list() {\n    return this.books;',
          '  async list() {\n    return this.summary();',
        ),
      ),
    };
    const first = templateContext(asyncFiles, { kind: 'runtime_error', endpoint: 'GET /v1/books', log: bigint });
    expect(await nodeJsonSerialize.apply(first.context)).not.toBeNull();
    expect(await first.tree.read(CONTROLLER)).toContain(
      '  async list() {\n    return toJsonSafe(await this.summary());\n',
    );
    const typed = {
      ...nestFiles,
      [CONTROLLER]: withSummary(
        nestFiles[CONTROLLER]!.replace(
          '  list() {\n    return this.books;',
          '  list(): Summary {\n    return this.summary();',
        ),
      ),
    };
    const second = templateContext(typed, { kind: 'runtime_error', endpoint: 'GET /v1/books', log: bigint });
    expect(await nodeJsonSerialize.apply(second.context)).not.toBeNull();
    expect(await second.tree.read(CONTROLLER)).toContain(
      '  list(): Summary {\n    return toJsonSafe(this.summary());\n',
    );
  });

  it(`sends a BigInt as text under a key the contract documents as a string, and declares the helper \
once`, async () => {
    const files = {
      ...nestFiles,
      [CONTROLLER]: nestFiles[CONTROLLER]!.replace(
        'return this.books;',
        'return { id: this.books.length, count: BigInt(this.books.length) };',
      ),
    };
    const { context, tree } = templateContext(files, { kind: 'runtime_error', endpoint: 'GET /v1/books', log: bigint });
    const documented = {
      ...context,
      operation: {
        ...context.operation!,
        responses: [
          {
            status: '200',
            mediaTypes: ['application/json'],
            schema: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                // undocumented type: not converted at the source, the helper sends it as a number
                count: {},
                tags: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' } } } },
              },
            },
          },
        ],
      },
    };
    expect(await nodeJsonSerialize.apply(documented)).not.toBeNull();
    const once = (await tree.read(CONTROLLER))!;
    expect(once).toContain(
      "return toJsonSafe({ id: this.books.length, count: BigInt(this.books.length) }, ['id', 'label']);",
    );
    // The helper is what it says: a documented string stays a string, an integer an integer.
    const js = ts.transpileModule(once.slice(once.indexOf('function toJsonSafe<T>')), {
      compilerOptions: { target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const helper = new Function(`${js}; return toJsonSafe;`)();
    expect(helper({ id: 12n, count: 3n }, ['id'])).toEqual({ id: '12', count: 3 });
    // Another payload of a file that already declares the typed helper: wrapped, not declared again.
    await tree.write(
      CONTROLLER,
      once.replace(
        "return toJsonSafe({ id: this.books.length, count: BigInt(this.books.length) }, ['id', 'label']);",
        'return { id: this.books.length };',
      ),
    );
    expect(await nodeJsonSerialize.apply(documented)).not.toBeNull();
    const twice = (await tree.read(CONTROLLER))!;
    expect(twice).toContain("return toJsonSafe({ id: this.books.length }, ['id', 'label']);");
    expect(twice.match(/function toJsonSafe/g)).toHaveLength(1);
  });

  it('leaves a Nest endpoint no mounted controller serves alone', async () => {
    const { context } = templateContext(nestFiles, {
      kind: 'runtime_error',
      endpoint: 'GET /v1/books/{bookId}/reviews',
      log: bigint,
    });
    expect(await nodeJsonSerialize.apply(context)).toBeNull();
  });
});
