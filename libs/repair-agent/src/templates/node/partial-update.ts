import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { objectShape } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';

const ID = 'node.partial-update';

/**
 * A 2xx update whose record comes back without required fields (`must have required property
 * 'name'`) that the documented request body makes optional: the update is built from every field
 * of the input (`repo.update(id, { name: input.name, status: input.status })`), so a field the
 * client did not send is handed on as `undefined` and written over the stored value (a PATCH or PUT)
 * (`Object.assign(row, changes)`, a spread) → hand on only the fields the request set:
 * `Object.fromEntries(Object.entries({ … }).filter(([, value]) => value !== undefined))`. The
 * literal copies at least two fields of one object under their own names (a missing one among
 * them), and is an argument of a call or a local's value. Not for a field the body requires (the
 * client had to send it), a literal with a spread or a value of another shape, or without a
 * documented request body.
 */
export const nodePartialUpdate: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'hand an update only the fields the request set, not undefined over the others',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, operation, tree }) {
    const body = objectShape(operation?.requestBody?.schema);
    if (!body) return;
    const missing = new Set(
      cause.violations
        // An update: a create's missing field was never optional to begin with.
        .filter((v) => /^(?:PATCH|PUT)\s/i.test(v.endpoint))
        .filter((v) => v.actualStatus !== null && v.actualStatus >= 200 && v.actualStatus < 300)
        .flatMap((v) => [...v.message.matchAll(/must have required property '([^']+)'/g)].map((m) => m[1]!))
        .filter((f) => f in body.properties && !body.required.includes(f)),
    );
    if (missing.size === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null || ![...missing].some((f) => source.includes(f)) ? null : parseFile(file, source);
      if (!program || source === null) continue;
      for (const { node, ancestors } of walk(program)) {
        if (node.type !== 'ObjectExpression' || !handedOn(node, ancestors.at(-1))) continue;
        const keys = copiedKeys(node);
        if (!keys || keys.length < 2 || !keys.some((k) => missing.has(k))) continue;
        const [start, end] = spanOf(node);
        const entries = `Object.entries(${textOf(source, node)})`;
        const filtered = `Object.fromEntries(${entries}.filter(([, value]) => value !== undefined))`;
        await tree.write(file, replaceRange(source, start, end, filtered));
        const line = linesOf(node)[0];
        yield {
          key: siteKey(ID, file, line),
          summary:
            `hand on only the fields the request set at ${file}:${line}: ` +
            `${keys.filter((k) => missing.has(k)).join(', ')} came back missing, written as undefined`,
          template: { recipe: ID },
        };
      }
    }
  },
};

// The literal is handed to a call (`repo.update(id, { … })`) or kept in a local (`const changes = { … }`).
function handedOn(literal: EsNode, parent: EsNode | undefined): boolean {
  if (parent?.type === 'CallExpression') {
    // Already filtered: `Object.entries({ … })`.
    const callee = parent['callee'] as EsNode;
    return (parent['arguments'] as EsNode[]).includes(literal) && pathOf(callee) !== 'Object.entries';
  }
  return parent?.type === 'VariableDeclarator' && parent['init'] === literal;
}

// The keys of `{ a: src.a, b: src.b }` (one `src`, each field under its own name); null for any other literal.
function copiedKeys(literal: EsNode): string[] | null {
  const keys: string[] = [];
  let from: string | null = null;
  for (const p of literal['properties'] as EsNode[]) {
    if (p.type !== 'Property' || p['computed'] || p['shorthand']) return null;
    const key = keyName(p['key'] as EsNode);
    const path = pathOf(p['value'] as EsNode);
    const dot = path?.lastIndexOf('.') ?? -1;
    if (!key || !path || dot < 0 || path.slice(dot + 1) !== key) return null;
    const source = path.slice(0, dot);
    if (from !== null && source !== from) return null;
    from = source;
    keys.push(key);
  }
  return keys;
}
