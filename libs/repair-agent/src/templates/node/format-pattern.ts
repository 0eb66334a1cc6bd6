import type { ApiOperation } from '@smoke-repair/smoke-validator';
import { replaceRange } from '../../node/js-edits.js';
import { projectSourceFiles } from '../../node/project-source-files.js';
import { objectShape } from '../python/contract-schema.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { keyName, linesOf, parseFile, spanOf, walk, type EsNode } from './estree.js';
import { propertyName } from './object-keys.js';

const ID = 'node.format-pattern';

/** A string format the contract names, the words a pattern for it is named with, and a sound pattern. */
interface KnownFormat {
  readonly named: RegExp;
  readonly pattern: string;
  readonly flags: string;
}

// Sound, not exhaustive: each refuses what is plainly not of the format (no `@`, a space, no dot in
// the domain) and accepts what the format's RFC allows in practice (hyphens, sub-domains, `+` tags).
const FORMATS: Record<string, KnownFormat> = {
  email: { named: /e-?mail/i, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]{2,}$', flags: '' },
  uuid: { named: /uuid|guid/i, pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', flags: 'i' },
  date: { named: /date/i, pattern: '^\\d{4}-\\d{2}-\\d{2}$', flags: '' },
  uri: { named: /ur[il]|link|website|href/i, pattern: '^https?:\\/\\/[^\\s/$.?#][^\\s]*$', flags: 'i' },
};

/**
 * The documented example is refused with a 4xx because a hand-written pattern for one of its
 * formatted fields is too strict (`EMAIL_RE = /^[\w.+-]+@[a-z0-9]+\.[a-z]{2,4}$/i` refuses a
 * hyphenated or multi-label domain). Evidence: the contract's request body documents the field
 * with a `format` (email, uuid, date, uri) and an example value; the answer names the field; a
 * regular-expression literal named for the format or the field (its binding or key says `email`, …)
 * refuses that value. The pattern becomes a sound one for the format, which still refuses what is
 * plainly not of it — the check is never dropped. A pattern that accepts the example is left alone.
 */
export const nodeFormatPattern: RepairTemplate = {
  id: ID,
  language: 'node',
  summary: "a pattern that refuses the contract's own example of a formatted field → a sound pattern for the format",
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, operation }) {
    const refusals = cause.violations.filter(
      (v) =>
        v.actualStatus !== null && v.actualStatus >= 400 && v.actualStatus < 500 && (v.expectedStatus ?? 200) < 300,
    );
    if (refusals.length === 0 || !operation) return;
    const answers = refusals.map((v) => v.responseExcerpt.toLowerCase()).join('\n');
    const fields = formattedExamples(operation).filter((f) => answers.includes(f.field.toLowerCase()));
    if (fields.length === 0) return;
    for (const file of await projectSourceFiles(tree)) {
      const source = await tree.read(file);
      const program = source === null ? null : parseFile(file, source);
      if (!program || source === null) continue;
      for (const { node, ancestors } of walk(program)) {
        const regex = node['regex'] as { pattern: string; flags: string } | undefined;
        if (node.type !== 'Literal' || !regex) continue;
        const name = bindingName(ancestors);
        const field = fields.find(
          (f) =>
            name !== null &&
            (f.format.named.test(name) || name === f.field) &&
            refuses(regex.pattern, regex.flags, f.value),
        );
        if (!field || !new RegExp(field.format.pattern, field.format.flags).test(field.value)) continue;
        const [start, end] = spanOf(node);
        const line = linesOf(node)[0];
        await tree.write(file, replaceRange(source, start, end, `/${field.format.pattern}/${field.format.flags}`));
        yield {
          key: siteKey(ID, file, line),
          summary:
            `a sound ${field.formatName} pattern for ${name}, which refused the documented ` +
            `${field.field} (${file}:${line})`,
          template: { recipe: ID, format: field.formatName },
        };
      }
    }
  },
};

interface FormattedExample {
  readonly field: string;
  readonly value: string;
  readonly formatName: string;
  readonly format: KnownFormat;
}

// The request body's fields with a known `format` and a string example (the body's example first).
function formattedExamples(operation: ApiOperation): FormattedExample[] {
  const body = operation.requestBody;
  const properties = objectShape(body?.schema)?.properties ?? {};
  const example = body?.example && typeof body.example === 'object' ? (body.example as Record<string, unknown>) : {};
  const out: FormattedExample[] = [];
  for (const [field, schema] of Object.entries(properties)) {
    const formatName = typeof schema['format'] === 'string' ? schema['format'].replace(/^url$/, 'uri') : '';
    const format = FORMATS[formatName];
    const value = example[field] ?? schema['example'];
    if (format && typeof value === 'string') out.push({ field, value, formatName, format });
  }
  return out;
}

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
  let i = ancestors.length - 1;
  while (i >= 0 && CHAIN.has(ancestors[i]!.type)) i--;
  const holder = ancestors[i];
  if (i === ancestors.length - 1 || !holder) return null;
  if (holder.type === 'Property') return keyName(holder['key'] as EsNode);
  if (holder.type === 'VariableDeclarator') return keyName(holder['id'] as EsNode);
  return null;
}

const CHAIN = new Set(['CallExpression', 'MemberExpression', 'ChainExpression']);

function refuses(pattern: string, flags: string, value: string): boolean {
  try {
    return !new RegExp(pattern, flags.replace(/[gy]/g, '')).test(value);
  } catch {
    return false;
  }
}
