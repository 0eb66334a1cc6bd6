import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { parseFile, pathOf, spanOf, walk, type EsNode } from './estree.js';
import { expressMajor } from './express-version.js';

const ID = 'node.optional-body';
const UNDEFINED_BODY = /^Cannot destructure property '[^']+' of '([\w$.]+)\.body' as it is undefined/;

/**
 * Express 5 leaves `req.body` undefined when a request comes without a body (Express 4's parser
 * made it `{}`), so `const { reason } = req.body` fails on a request the contract allows without
 * one → `req.body ?? {}` where the handler destructures it (`(req.body ?? {}) as QuarantineDto` in
 * TypeScript). Only for an operation whose contract documents no body, so the failing request
 * carried none: where a body was sent, an undefined `req.body` means the parser never ran
 * (body-parser-order's case), and a default would drop the data the client sent.
 */
export const nodeOptionalBody: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read a body the contract does not document as {} when Express 5 leaves req.body undefined',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const request = UNDEFINED_BODY.exec(exception?.message ?? '')?.[1];
    // A documented body, optional or not, is sent by the smoke: undefined then means no parser ran.
    if (!request || !culprit || !operation || operation.requestBody) return;
    const major = await expressMajor(tree);
    if (major !== null && major < 5) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node } of walk(program)) {
      if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode).type !== 'ObjectPattern') continue;
      if (node.loc?.start.line !== culprit.line) continue;
      const init = node['init'] as EsNode | null;
      if (!init || pathOf(init) !== `${request}.body`) continue;
      const [start, end] = spanOf(init);
      const text = `${request}.body ?? {}`;
      // The parser drops a type assertion (`req.body as Dto`): the default goes in parentheses before it.
      const asserted = /^\s*(?:as|satisfies)\b/.test(source.slice(end));
      await tree.write(culprit.file, replaceRange(source, start, end, asserted ? `(${text})` : text));
      yield {
        key: ID,
        summary: `read ${request}.body as {} when the request has none (${culprit.file}:${culprit.line})`,
        template: { recipe: ID },
      };
      return;
    }
  },
};
