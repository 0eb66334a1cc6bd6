import { describe, expect, it } from 'vitest';
import { createNodeProject } from '../../node/node-project.js';
import { memoryTree } from '../../node/test-support/memory-tree.js';
import { errorArguments } from './error-construction.js';
import type { AppErrorClass } from './error-conventions.js';

const intent = { status: 404, message: "'WorkOrder not found'", entity: 'WorkOrder', id: 'id' };

async function argsFor(files: Record<string, string>, cls: AppErrorClass): Promise<string | null> {
  const tree = memoryTree(files);
  return errorArguments(cls, intent, createNodeProject(tree), tree);
}

const notFound = (file: string, statusFirst = false): AppErrorClass => ({
  file,
  name: 'NotFoundError',
  isDefault: false,
  statusFirst,
});

describe('errorArguments', () => {
  it('passes (what, id) the way the codebase already calls a typed (what, id) constructor', async () => {
    const errors =
      'export class HttpError extends Error {\n  constructor(public status: number, message: string) {\n' +
      '    super(message);\n  }\n}\nexport class NotFoundError extends HttpError {\n' +
      '  constructor(what: string, id: number | string) {\n    super(404, `${what} ${id} not found`);\n' +
      '  }\n}\n';
    const service =
      "import { NotFoundError } from './errors';\nexport function get(id: number) {\n" +
      "  if (!id) throw new NotFoundError('vehicle', id);\n}\n";
    expect(await argsFor({ 'src/errors.ts': errors, 'src/service.ts': service }, notFound('src/errors.ts'))).toBe(
      "'work order', id",
    );
  });

  it(`reads (what, id) from the parameter names when nothing calls it yet, and keeps the message for an inherited \
(message) constructor`, async () => {
    const errors =
      'class NotFoundError extends Error {\n  constructor(resource, id) {\n' +
      '    super(`${resource} ${id} not found`);\n  }\n}\nmodule.exports = { NotFoundError };\n';
    expect(await argsFor({ 'src/errors.js': errors }, notFound('src/errors.js'))).toBe("'Work Order', id");
    const inherited =
      'export class AppError extends Error {\n  constructor(message) {\n    super(message);\n  }\n}\n' +
      'export class NotFoundError extends AppError {}\n';
    expect(await argsFor({ 'src/errors.js': inherited }, notFound('src/errors.js'))).toBe("'WorkOrder not found'");
    const bare = 'export class NotFoundError extends Error {}\n';
    expect(await argsFor({ 'src/errors.js': bare }, notFound('src/errors.js'))).toBe("'WorkOrder not found'");
    const generic =
      'export class HttpError extends Error {\n  constructor(status, message, details) {\n' +
      '    super(message);\n  }\n}\n';
    expect(await argsFor({ 'src/errors.js': generic }, { ...notFound('src/errors.js', true), name: 'HttpError' })).toBe(
      "404, 'WorkOrder not found'",
    );
  });

  it('builds nothing for a constructor whose parameters it cannot read as a message or (what, id)', async () => {
    const three =
      'export class NotFoundError extends Error {\n  constructor(code, resource, id) {\n' +
      '    super(`${code}: ${resource} ${id}`);\n  }\n}\n';
    expect(await argsFor({ 'src/errors.js': three }, notFound('src/errors.js'))).toBeNull();
    const opaque =
      'export class NotFoundError extends Error {\n  constructor(a, b) {\n    super(`${a} ${b}`);\n  }\n}\n';
    expect(await argsFor({ 'src/errors.js': opaque }, notFound('src/errors.js'))).toBeNull();
    // Called with a message and a code elsewhere: not a (what, id) shape.
    const twoMessage =
      'export class NotFoundError extends Error {\n  constructor(what, id) {\n    super(what);\n  }\n}\n';
    const caller = "import { NotFoundError } from './errors.js';\nthrow new NotFoundError('gone', 'E404');\n";
    expect(await argsFor({ 'src/errors.js': twoMessage, 'src/a.js': caller }, notFound('src/errors.js'))).toBeNull();
  });
});
