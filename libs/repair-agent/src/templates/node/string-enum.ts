import { projectSourceFiles } from '../../node/project-source-files.js';
import { replaceRange } from '../../node/js-edits.js';
import { successSchema } from '../python/contract-schema.js';
import type { RepairTemplate } from '../template.js';
import { keyName, parseFile, pathOf, walk, type EsNode } from './estree.js';
import { parseExcerpt, valueAt } from './response-body.js';
import { documentedField } from './schema-field.js';

const ID = 'node.string-enum';

/**
 * A 2xx whose field the contract documents as a string enum (`standard`, `comfort`, `vehicle`)
 * carries numbers (`/0/fareClass must be string`, the body saying `"fareClass":0`): the literal
 * that builds it reads a TypeScript enum without initialisers (`FareClass.Standard`), whose
 * members are numbered 0, 1, 2 → give each member the documented value its name spells
 * (`Standard = 'standard'`). Only when every member names exactly one documented value and every
 * value one member, and the project never indexes the enum (`FareClass[x]`) or lists it
 * (`Object.values(FareClass)`), which numbering would change.
 */
export const nodeStringEnum: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: 'give a numeric TypeScript enum the string values the contract documents',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, operation }) {
    const schema = successSchema(operation ?? null);
    const fields = new Map<string, string[]>();
    for (const v of cause.violations) {
      if (v.actualStatus === null || v.actualStatus < 200 || v.actualStatus >= 300) continue;
      const body = parseExcerpt(v.responseExcerpt);
      for (const m of v.message.matchAll(/(\/\S*\/)?([A-Za-z_$][\w$]*) must be string/g)) {
        const documented = documentedField(schema, m[2]!);
        const values = documented?.['enum'];
        if (!Number.isInteger(valueAt(body, `${m[1] ?? '/'}${m[2]!}`))) continue;
        if (Array.isArray(values) && values.length > 0 && values.every((x) => typeof x === 'string'))
          fields.set(m[2]!, values as string[]);
      }
    }
    if (fields.size === 0) return;
    const sources = new Map<string, string>();
    for (const file of await projectSourceFiles(tree)) sources.set(file, (await tree.read(file)) ?? '');
    // The enums the violated fields are built from: `fareClass: FareClass.Standard`.
    const wanted = new Map<string, string[]>();
    for (const [file, source] of sources) {
      if (![...fields.keys()].some((f) => source.includes(f))) continue;
      const program = parseFile(file, source);
      for (const { node } of program ? walk(program) : []) {
        const values = node.type === 'Property' ? fields.get(keyName(node['key'] as EsNode) ?? '') : undefined;
        const path = values ? pathOf(node['value'] as EsNode) : null;
        if (path?.split('.').length === 2) wanted.set(path.split('.')[0]!, values!);
      }
    }
    const all = [...sources.values()].join('\n');
    for (const [name, values] of wanted) {
      if (new RegExp(`\\b${name}\\s*\\[(?!\\s*\\])|Object\\.\\w+\\(\\s*${name}\\s*\\)`).test(all)) continue;
      for (const [file, source] of sources) {
        // The TypeScript index leaves enums out (types to it): the declaration is read as text,
        // and only a plain one (members, commas, no initialiser, no comment).
        const decl = new RegExp(`\\benum\\s+${name}\\s*\\{([\\s\\w$,]*)\\}`).exec(source);
        const members =
          decl?.[1]!
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean) ?? [];
        if (!decl || members.length !== values.length) continue;
        const spelled = members.map((m) => values.filter((v) => norm(v) === norm(m)));
        if (spelled.some((x) => x.length !== 1) || new Set(spelled.map((x) => x[0])).size !== values.length) continue;
        const valued = decl[1]!.replace(/[A-Za-z_$][\w$]*/g, (m) => `${m} = '${spelled[members.indexOf(m)]![0]!}'`);
        const at = decl.index + decl[0].indexOf('{') + 1;
        await tree.write(file, replaceRange(source, at, at + decl[1]!.length, valued));
        yield {
          key: ID,
          summary: `${name}'s members valued as the documented strings (${file})`,
          template: { recipe: ID },
        };
        return;
      }
    }
  },
};

function norm(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
