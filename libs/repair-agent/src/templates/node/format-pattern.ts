import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { matches, refusedDocumentedFields } from '../shared/documented-formats.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { propertyName } from './object-keys.js';
import { datetimeCheck, zodDateCheck } from './zod-date-check.js';

const ID = 'node.format-pattern';

/**
 * The documented example is refused with a 4xx because a hand-written pattern for one of its
 * fields is too strict (`EMAIL_RE = /^[\w.+-]+@[a-z0-9]+\.[a-z]{2,4}$/i` refuses a hyphenated or
 * multi-label domain). Evidence: the contract's request body documents the field with a `pattern`
 * or a `format` (email, uuid, date, uri) and an example value; the answer names the field; a
 * regular-expression literal named for the field or the format (its binding or key says `email`, …)
 * refuses that value (shared/documented-formats.ts). The pattern becomes the contract's own, else a
 * sound one for the format, which still refuses what is plainly not of it — the check is never
 * dropped. A pattern that accepts the example is left alone. A field documented as a `date` whose
 * zod chain asks for a datetime (`z.string().datetime()`, which refuses every plain date) gets the
 * zod date check instead (zod-date-check.ts); only the chain bound to the field's own name.
 */
export const nodeFormatPattern: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "a pattern that refuses the contract's own example of a formatted field → a sound pattern for the format",
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, operation }) {
    const fields = refusedDocumentedFields(operation, cause.violations);
    if (fields.length === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (!program || source === null) continue;
      for (const { node, ancestors } of walk(program)) {
        const datetime = datetimeCheck(node);
        // Only the field's own chain: a datetime check of another `…Date` field is no evidence.
        const dated = datetime && fields.find((f) => f.kind === 'date' && chainBinding(ancestors) === f.field);
        if (datetime && dated) {
          const line = linesOf(node)[0];
          const check = await zodDateCheck(tree);
          await tree.write(file, replaceRange(source, datetime[0], datetime[1], check));
          yield {
            key: siteKey(ID, file, line),
            summary: `a date check (${check}) for ${dated.field}, a date in the contract (${file}:${line})`,
            template: { recipe: ID, kind: 'date' },
          };
          continue;
        }
        const regex = node['regex'] as { pattern: string; flags: string } | undefined;
        if (node.type !== 'Literal' || !regex) continue;
        const name = bindingName(ancestors);
        const field = fields.find(
          (f) => name !== null && f.names(name) && !matches({ pattern: regex.pattern, flags: regex.flags }, f.value),
        );
        if (!field) continue;
        const [start, end] = spanOf(node);
        const line = linesOf(node)[0];
        await tree.write(file, replaceRange(source, start, end, regexLiteral(field.sound.pattern, field.sound.flags)));
        yield {
          key: siteKey(ID, file, line),
          summary:
            `a sound ${field.kind} pattern for ${name}, which refused the documented ` +
            `${field.field} (${file}:${line})`,
          template: { recipe: ID, kind: field.kind },
        };
      }
    }
  },
};

// The name a literal is bound to: `const EMAIL_RE = /…/`, `{ email: /…/ }`, `EMAIL = /…/`, or the
// member it tests (`/…/.test(body.email)`).
function bindingName(ancestors: readonly EsNode[]): string | null {
  const parent = ancestors.at(-1);
  if (!parent) return null;
  if (parent.type === 'VariableDeclarator') return keyName(parent['id'] as EsNode);
  if (parent.type === 'Property' || parent.type === 'PropertyDefinition') return keyName(parent['key'] as EsNode);
  if (parent.type === 'AssignmentExpression') return keyName(parent['left'] as EsNode);
  const call = ancestors.at(-2);
  if (parent.type === 'MemberExpression' && call?.type === 'CallExpression') {
    const argument = (call['arguments'] as EsNode[])[0];
    return argument ? (propertyName(argument) ?? keyName(argument)) : null;
  }
  // An argument of a validator chain (`email: z.string().regex(/…/)`): the key the chain is bound to.
  return chainBinding(ancestors);
}

/** The key or variable a validator chain around a node is bound to (`due: z.string().datetime().optional()`). */
export function chainBinding(ancestors: readonly EsNode[]): string | null {
  let i = ancestors.length - 1;
  while (i >= 0 && CHAIN.has(ancestors[i]!.type)) i--;
  const holder = ancestors[i];
  if (!holder) return null;
  if (holder.type === 'Property') return keyName(holder['key'] as EsNode);
  if (holder.type === 'VariableDeclarator') return keyName(holder['id'] as EsNode);
  return null;
}

const CHAIN = new Set(['CallExpression', 'MemberExpression', 'ChainExpression']);

// `/source/flags`, every `/` the source leaves unescaped escaped (a contract's pattern is written for
// `new RegExp`, not for a literal).
function regexLiteral(pattern: string, flags: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    out += c === '/' && !inClass ? '\\/' : c;
  }
  return `/${out}/${flags}`;
}
