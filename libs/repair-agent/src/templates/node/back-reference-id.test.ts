import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../template.js';
import { nodeBackReferenceId } from './back-reference-id.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

const store = (key: string) =>
  'const store = { shelves: new Map() };\n\nfunction addBottle(shelf, label, volume) {\n' +
  `  const bottle = {\n    id: store.shelves.size + 1,\n    ${key},\n    label,\n    volume,\n  };\n` +
  '  shelf.bottles.push(bottle);\n  return bottle;\n}\n\nmodule.exports = { store, addBottle };\n';
const bottle = (id: string) => ({
  type: 'object',
  properties: { id: { type: 'integer' }, [id]: { type: 'integer' }, label: { type: 'string' }, volume: {} },
});
const failing = (files: Record<string, string>, idName = 'shelf_id'): TemplateContext => {
  const { context } = templateContext(files, {
    kind: 'runtime_error',
    endpoint: 'GET /shelves',
    log: nodeLog('TypeError: Converting circular structure to JSON', [
      'JSON.stringify (<anonymous>)',
      'listShelves (/app/src/controllers/shelves.js:6:7)',
    ]),
  });
  const schema = {
    type: 'array',
    items: { type: 'object', properties: { id: {}, name: {}, bottles: { type: 'array', items: bottle(idName) } } },
  };
  const operation = { ...context.operation!, responses: [{ status: '200', mediaTypes: ['application/json'], schema }] };
  return { ...context, operation };
};
const run = (key: string, idName?: string) =>
  allCandidates(nodeBackReferenceId, failing({ 'src/store.js': store(key) }, idName), ['src/store.js']);

describe('node.back-reference-id', () => {
  it('keeps the documented parent id in a child pushed onto its parent, not the parent itself', async () => {
    const found = await run('shelf');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.back-reference-id@src/store.js:6']);
    expect(found[0]!.files['src/store.js']).toBe(store('shelf_id: shelf.id'));
    const camel = await run('shelf: shelf', 'shelfId');
    expect(camel[0]!.files['src/store.js']).toBe(store('shelfId: shelf.id'));
  });

  it('leaves a child whose documented schema names the parent itself, or no id of it', async () => {
    const documented = failing({ 'src/store.js': store('shelf') }, 'shelf');
    expect(await allCandidates(nodeBackReferenceId, documented, ['src/store.js'])).toEqual([]);
    expect(await run('shelf', 'rack_id')).toEqual([]);
  });

  it('leaves a child whose answer documents the parent by name in another part of an allOf', async () => {
    const context = failing({ 'src/store.js': store('shelf') });
    const detail = { allOf: [bottle('shelf_id'), { type: 'object', properties: { shelf: { type: 'object' } } }] };
    const responses = [{ status: '200', mediaTypes: ['application/json'], schema: detail }];
    const operation = { ...context.operation!, responses };
    expect(await allCandidates(nodeBackReferenceId, { ...context, operation }, ['src/store.js'])).toEqual([]);
  });
});
