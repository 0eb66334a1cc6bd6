import { replaceRange } from '../../node/js-edits.js';
import type { RepairTemplate } from '../template.js';
import { objectShape } from '../python/contract-schema.js';
import { enclosingStatement, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { readsOtherFields } from './request-guard.js';

const ID = 'node.optional-request-field';

/**
 * `Cannot read properties of undefined (reading 'trim')` at `body.notes.trim()` where `notes` is a
 * request-body property the contract documents as optional (not required) — the request may
 * omit it → read it only when present: a value (`notes: body.notes.trim() || null`) becomes
 * `body.notes?.trim() || null` on every read of the field in the statement; a rule in an `if`
 * test (`if (body.station.trim().length === 0 || …) throw …`) is checked only when the field is
 * there (`if (body.station != null && (…))`), so a present but invalid value is still refused.
 * `body` is `req.body`, or a parameter of the function whose other reads are documented request
 * properties. A required field (its absence is an invalid request) gets no candidate.
 */
export const nodeOptionalRequestField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'read an optional request field only when the request has it',
  evidence: { kinds: ['runtime_error', 'crash'], exceptions: ['TypeError'], culprit: true, contract: true },
  async *candidates({ exception, culprit, tree, operation }) {
    const member = /^Cannot read properties of (?:undefined|null) \(reading '([^']+)'\)/.exec(
      exception?.message ?? '',
    )?.[1];
    const body = objectShape(operation?.requestBody?.schema);
    if (!culprit || !member || !body) return;
    const source = await tree.read(culprit.file);
    const program = source === null ? null : parseFile(culprit.file, source);
    if (!program || source === null) return;
    for (const { node, ancestors } of walk(program)) {
      if (
        node.type !== 'MemberExpression' ||
        node['computed'] ||
        (node['property'] as EsNode)['name'] !== member ||
        linesOf(node)[0] !== culprit.line
      )
        continue;
      const field = fieldRead(node['object'] as EsNode);
      if (!field || body.required.includes(field.name) || !body.properties[field.name]) continue;
      const fn = [...ancestors].reverse().find(isFunction);
      if (!fn || !holdsRequestBody(source, fn, field.holder, Object.keys(body.properties), field.name)) continue;
      const test = [...ancestors]
        .reverse()
        .find((a, i, all) => a.type === 'IfStatement' && isWithin(all[i - 1] ?? node, a['test'] as EsNode));
      const read = `${field.holder}.${field.name}`;
      if (test) {
        const [start, end] = spanOf(test['test'] as EsNode);
        await tree.write(
          culprit.file,
          replaceRange(source, start, end, `${read} != null && (${source.slice(start, end)})`),
        );
        yield {
          key: `${ID}#guard`,
          summary: `check ${read} only when the request has it (${culprit.file}:${culprit.line})`,
          template: { recipe: ID, mode: 'guard' },
        };
        return;
      }
      const statement = enclosingStatement(node, ancestors);
      if (!statement) return;
      const [start, end] = spanOf(statement);
      const escaped = read.replace(/[.$]/g, (c) => `\\${c}`);
      // `body.f?.x = …` is no valid target: a statement writing through the field gets nothing.
      if (
        new RegExp(`(?<![\\w$.])${escaped}\\.[\\w$.]+\\s*(?:[-+*/%&|^]|\\?\\?|\\|\\||&&)?=(?!=)`).test(
          source.slice(start, end),
        )
      )
        return;
      const text = source
        .slice(start, end)
        .replace(new RegExp(`(?<![\\w$.])${escaped}\\.(?=[A-Za-z_$])`, 'g'), `${read}?.`);
      await tree.write(culprit.file, replaceRange(source, start, end, text));
      yield {
        key: `${ID}#optional-chain`,
        summary: `read ${read} only when the request has it (${culprit.file}:${culprit.line})`,
        template: { recipe: ID, mode: 'optional-chain' },
      };
      return;
    }
  },
};

// `holder.name` of a plain member read (`body.notes`, `req.body.notes`).
function fieldRead(node: EsNode): { holder: string; name: string } | null {
  if (node.type !== 'MemberExpression' || node['computed']) return null;
  const holder = pathOf(node['object'] as EsNode);
  const property = node['property'] as EsNode;
  return holder && property.type === 'Identifier' ? { holder, name: property['name'] as string } : null;
}

// `req.body`, or a parameter of the function that reads at least one other documented request property.
function holdsRequestBody(
  source: string,
  fn: EsNode,
  holder: string,
  documented: readonly string[],
  field: string,
): boolean {
  if (/^(req|request)\.body$/.test(holder)) return true;
  const params = (fn['params'] as EsNode[]).map((p) => (p.type === 'AssignmentPattern' ? (p['left'] as EsNode) : p));
  return (
    params.some((p) => p.type === 'Identifier' && p['name'] === holder) &&
    readsOtherFields(textOf(source, fn), holder, documented, field)
  );
}

function isWithin(node: EsNode, outer: EsNode): boolean {
  const [start, end] = spanOf(node);
  const [os, oe] = spanOf(outer);
  return os <= start && end <= oe;
}
