import type { ApiOperation, Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import type { RootCause } from '../../types.js';
import type { TemplateContext } from '../template.js';
import { nodeTransitionTableKey } from './transition-table-key.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const STATES = ['draft', 'review', 'published', 'archived'];
const operation = (state: Record<string, unknown>): ApiOperation => ({
  method: 'PATCH',
  path: '/articles/{id}/state',
  endpoint: 'PATCH /articles/{id}/state',
  parameters: [],
  responses: [
    {
      status: '200',
      mediaTypes: ['application/json'],
      schema: { type: 'object', properties: { id: { type: 'integer' }, state } },
    },
    { status: '409', mediaTypes: ['application/json'] },
  ],
});

function refused(files: Record<string, string>, message: string, state: Record<string, unknown>): TemplateContext {
  const { context } = templateContext(files, {
    kind: 'status_mismatch',
    endpoint: 'PATCH /articles/{id}/state',
    expected: 200,
    actual: 409,
  });
  const violation = { ...context.cause.violations[0]!, responseExcerpt: JSON.stringify({ error: message }) };
  const cause = { ...context.cause, violations: [violation as Violation] } as RootCause;
  return { ...context, cause, operation: operation(state) };
}

const constants =
  "'use strict';\nconst NEXT_STATES = {\n  draft: ['review'],\n  review: ['published', 'draft'],\n" +
  "  published: ['archived'],\n  archived: [],\n};\nmodule.exports = { NEXT_STATES };\n";
const service = (lookup: string) =>
  "'use strict';\nconst { NEXT_STATES } = require('./constants');\nconst { ConflictError } = require('./errors');\n\n" +
  'async function moveArticle(id, target) {\n  const article = await findArticle(id);\n' +
  `  const allowed = ${lookup};\n  if (!allowed.includes(target)) {\n` +
  '    throw new ConflictError(`Cannot move article ${article.id} from ${article.state} to ${target}`);\n' +
  '  }\n  article.state = target;\n  return { ...article };\n}\n\nmodule.exports = { moveArticle };\n';
const enumState = { type: 'string', enum: STATES };
const message = 'Cannot move article 2 from review to published';

describe('node.transition-table-key', () => {
  it('looks the table up by the state the message says the record is in (CommonJS, imported table)', async () => {
    const source = service('NEXT_STATES[target]');
    const files = { 'src/constants.js': constants, 'src/articles.js': source };
    const found = await allCandidates(nodeTransitionTableKey, refused(files, message, enumState), ['src/articles.js']);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.transition-table-key@src/articles.js:7']);
    expect(found[0]!.files['src/articles.js']).toBe(service('NEXT_STATES[article.state]'));
  });

  it('does so for a lookup tested inline with a fallback (TypeScript, OpenAPI 3.1 nullable enum)', async () => {
    const ts =
      "import { NotAllowed } from './errors.js';\nconst FLOW: Record<string, string[]> = { draft: ['review'] };\n\n" +
      'export function advance(doc: { id: number; state: string }, wanted: string) {\n' +
      '  if (!(FLOW[wanted] ?? []).includes(wanted))\n' +
      '    throw new NotAllowed(`Document ${doc.id} cannot go from ${doc.state} to ${wanted}`);\n' +
      '  return { ...doc, state: wanted };\n}\n';
    const state = { type: ['string', 'null'], enum: [...STATES, null] };
    const context = refused({ 'src/flow.ts': ts }, 'Document 2 cannot go from draft to review', state);
    const found = await allCandidates(nodeTransitionTableKey, context, ['src/flow.ts']);
    expect(found[0]!.files['src/flow.ts']).toBe(ts.replace('(FLOW[wanted] ??', '(FLOW[doc.state] ??'));
  });

  it('leaves a table already looked up by the current state, and a message naming no documented enum', async () => {
    const right = { 'src/constants.js': constants, 'src/articles.js': service('NEXT_STATES[article.state]') };
    expect(await allCandidates(nodeTransitionTableKey, refused(right, message, enumState), [])).toEqual([]);
    const wrong = { 'src/constants.js': constants, 'src/articles.js': service('NEXT_STATES[target]') };
    expect(await allCandidates(nodeTransitionTableKey, refused(wrong, message, { type: 'string' }), [])).toEqual([]);
  });
});
