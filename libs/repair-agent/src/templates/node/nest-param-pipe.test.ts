import type { ApiModel, ApiOperation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nestCrudFiles } from '../../node/test-support/nest-crud-files.js';
import { nestFiles } from '../../node/test-support/nest-files.js';
import { nodeNestParamPipe } from './nest-param-pipe.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const CONTROLLER = 'src/books/books.controller.ts';
const BASE = 'src/common/base-crud.controller.ts';
const operationOf = (endpoint: string, param: string, type: string): ApiOperation => {
  const [method, path] = endpoint.split(' ') as [string, string];
  return {
    method: method.toLowerCase(),
    path,
    endpoint,
    parameters: [{ name: param, in: 'path', required: true, schema: { type } }],
    responses: [
      { status: '200', mediaTypes: ['application/json'] },
      { status: '404', mediaTypes: ['application/json'] },
    ],
  };
};
const contextFor = (files: Record<string, string>, endpoint: string, param: string, type: string) => {
  const { context } = templateContext(files, { kind: 'route_missing', endpoint, actual: 404 });
  const operation = operationOf(endpoint, param, type);
  const contract: ApiModel = { openapi: '3.0.3', title: 't', operations: [operation] };
  return { ...context, operation, contract };
};
// The books controller with its lookup by a numeric id, declared `number` and given no pipe.
const numericBooks = nestFiles[CONTROLLER]!.replace("one(@Param('id') id: string)", "one(@Param('id') id: number)");
const files = { ...nestFiles, [CONTROLLER]: numericBooks };

describe('node.nest-param-pipe', () => {
  it(`converts a parameter declared number with ParseIntPipe when the contract documents an integer, importing \
it`, async () => {
    const found = await allCandidates(nodeNestParamPipe, contextFor(files, 'GET /v1/books/{id}', 'id', 'integer'), [
      CONTROLLER,
    ]);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.nest-param-pipe']);
    expect(found[0]!.files[CONTROLLER]).toBe(
      numericBooks
        .replace("one(@Param('id') id: number)", "one(@Param('id', ParseIntPipe) id: number)")
        .replace('Param, Post }', 'Param, ParseIntPipe, Post }'),
    );
  });

  it(`converts the parameter of a handler inherited from a base class, in the base file, by the documented \
name`, async () => {
    const base = nestCrudFiles[BASE]!.replace("remove(@Param('id') id: string)", "remove(@Param('id') id: number)");
    const crud = { ...nestCrudFiles, [BASE]: base };
    const found = await allCandidates(
      nodeNestParamPipe,
      contextFor(crud, 'DELETE /v1/shelves/{shelfId}', 'shelfId', 'number'),
      [BASE],
    );
    expect(found[0]!.files[BASE]).toBe(
      base
        .replace("remove(@Param('id') id: number)", "remove(@Param('id', ParseFloatPipe) id: number)")
        .replace('Param, Post }', 'Param, ParseFloatPipe, Post }'),
    );
  });

  it('leaves a parameter declared string, one documented as a string, and one with a pipe alone', async () => {
    expect(
      await allCandidates(nodeNestParamPipe, contextFor(nestFiles, 'GET /v1/books/{id}', 'id', 'integer'), []),
    ).toEqual([]);
    expect(await allCandidates(nodeNestParamPipe, contextFor(files, 'GET /v1/books/{id}', 'id', 'string'), [])).toEqual(
      [],
    );
    const piped = {
      ...files,
      [CONTROLLER]: numericBooks.replace("@Param('id') id: number", "@Param('id', ParseIntPipe) id: number"),
    };
    expect(
      await allCandidates(nodeNestParamPipe, contextFor(piped, 'GET /v1/books/{id}', 'id', 'integer'), []),
    ).toEqual([]);
  });
});
