import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import type { SourceTree } from '../../source/source-tree.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { collectionTypeEdits, type TextEdit } from './collection-field-type.js';
import { keyName, linesOf, parseFile, pathOf, spanOf, textOf, walk, type EsNode } from './estree.js';
import { isFunction } from './object-keys.js';
import { parseExcerpt, valueAt } from './response-body.js';

const ID = 'node.collection-field';

/**
 * A 2xx whose documented array field arrives as `{}` (`/amenities must be array`): the literal that
 * builds it holds a `Set` or a `Map`, which JSON writes as an empty object → send its elements:
 * `[...set]`, `[...map.values()]`. The collection is known by where it is made: a local
 * `const byKind = new Map()` of the function, the property itself (`tags: new Set(list)`), or the
 * one place the project stores that field as one (`amenities: new Set(…)`, `x.amenities = new
 * Set(…)`) when the literal reads it off a record (`amenities: hut.amenities`). One candidate per
 * literal, a `new Set(…)` written in one last (it may be the store); none when the kind is not certain.
 * In TypeScript the field's `Map<K, V>` in the type the literal is checked against becomes `V[]` with it
 * (collection-field-type.ts); a record's own type stays.
 */
export const nodeCollectionField: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'send the elements of a Set or Map a response field holds (JSON writes them as {})',
  evidence: { kinds: ['schema_mismatch'] },
  async *candidates({ cause, tree }) {
    const fields = new Set<string>();
    for (const v of cause.violations) {
      if (v.actualStatus === null || v.actualStatus < 200 || v.actualStatus >= 300) continue;
      const body = parseExcerpt(v.responseExcerpt);
      for (const m of v.message.matchAll(/(\/\S*\/)?([A-Za-z_$][\w$]*) must be array/g)) {
        const value = valueAt(body, `${m[1] ?? '/'}${m[2]!}`);
        if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
          fields.add(m[2]!);
      }
    }
    if (fields.size === 0) return;
    const files = await projectSourceFiles(tree);
    const stored = new Map<string, Set<string>>();
    const sites: {
      file: string;
      source: string;
      value: EsNode;
      kind: string;
      field: string;
      direct: boolean;
      shorthand: EsNode | null;
    }[] = [];
    for (const file of files) {
      const source = await tree.read(file);
      const program = source === null || ![...fields].some((f) => source.includes(f)) ? null : parseFile(file, source);
      if (!program || source === null) continue;
      for (const { node, ancestors } of walk(program)) {
        const made = storedKind(node, fields);
        if (made) stored.set(made.field, new Set([...(stored.get(made.field) ?? []), made.kind]));
        if (node.type !== 'Property' || node['computed']) continue;
        const field = keyName(node['key'] as EsNode);
        if (!field || !fields.has(field)) continue;
        const value = node['value'] as EsNode;
        const own = collectionOf(value);
        const fn = [...ancestors].reverse().find(isFunction);
        const local = value.type === 'Identifier' && fn ? localKind(fn, value['name'] as string) : null;
        const shorthand = node['shorthand'] === true ? node : null;
        sites.push({ file, source, value, kind: own?.kind ?? local ?? '', field, direct: own !== null, shorthand });
      }
    }
    // A `new Set(…)` written in a literal may be the store itself: tried after the reads of one.
    for (const site of sites.sort((a, b) => Number(a.direct) - Number(b.direct))) {
      const kinds = stored.get(site.field);
      const kind = site.kind || (site.value.type === 'MemberExpression' && kinds?.size === 1 ? [...kinds][0]! : '');
      if (!kind) continue;
      const text = textOf(site.source, site.value);
      const elements = kind === 'Map' ? `[...${text}.values()]` : `[...${text}]`;
      // `{ byVariety }` becomes `{ byVariety: [...byVariety.values()] }`.
      const [start, end] = spanOf(site.shorthand ?? site.value);
      const replacement = site.shorthand ? `${site.field}: ${elements}` : elements;
      // In TypeScript the field's declared Map / Set type goes too, or the build refuses the array.
      const retyped = await collectionTypeEdits(tree, site.file, site.field, kind, spanOf(site.value)[0]);
      await writeEdits(tree, [{ file: site.file, start, end, text: replacement }, ...retyped]);
      // One key per site: a rejected site must not hide the next one.
      yield {
        key: siteKey(`${ID}#${kind.toLowerCase()}`, site.file, linesOf(site.value)[0]),
        summary:
          `send ${elements} for ${site.field}: a ${kind} is written as {} ` +
          `(${site.file}:${linesOf(site.value)[0]})`,
        template: { recipe: `${ID}#${kind.toLowerCase()}` },
      };
    }
  },
};

// Each file's edits, the last first so the earlier offsets still hold.
async function writeEdits(tree: SourceTree, edits: readonly TextEdit[]): Promise<void> {
  for (const file of new Set(edits.map((e) => e.file))) {
    let source = (await tree.read(file)) ?? '';
    for (const e of edits.filter((x) => x.file === file).sort((a, b) => b.start - a.start))
      source = replaceRange(source, e.start, e.end, e.text);
    await tree.write(file, source);
  }
}

// `new Set(…)` / `new Map(…)` as written.
function collectionOf(value: EsNode): { kind: string } | null {
  if (value.type !== 'NewExpression') return null;
  const callee = pathOf(value['callee'] as EsNode);
  return callee === 'Set' || callee === 'Map' ? { kind: callee } : null;
}

// `field: new Set(…)` or `x.field = new Set(…)` anywhere: how the project stores that field.
function storedKind(node: EsNode, fields: ReadonlySet<string>): { field: string; kind: string } | null {
  if (node.type === 'Property' && !node['computed']) {
    const field = keyName(node['key'] as EsNode);
    const made = collectionOf(node['value'] as EsNode);
    return field && made && fields.has(field) ? { field, kind: made.kind } : null;
  }
  if (node.type === 'AssignmentExpression') {
    const left = node['left'] as EsNode;
    const key = left['property'] as EsNode | undefined;
    const made = collectionOf(node['right'] as EsNode);
    const field = left.type === 'MemberExpression' && key?.type === 'Identifier' ? (key['name'] as string) : null;
    return field && made && fields.has(field) ? { field, kind: made.kind } : null;
  }
  return null;
}

// The kind of `const name = new Map()` declared in the function, or null.
function localKind(fn: EsNode, name: string): string | null {
  for (const { node } of walk(fn)) {
    if (node.type !== 'VariableDeclarator' || (node['id'] as EsNode)['name'] !== name) continue;
    const init = node['init'] as EsNode | null;
    return init ? (collectionOf(init)?.kind ?? null) : null;
  }
  return null;
}
