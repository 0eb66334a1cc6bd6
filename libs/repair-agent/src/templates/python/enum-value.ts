import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { requestFrames } from './trace-frames.js';

const EXCEPTIONS = ['LookupError', 'ValueError', 'sqlalchemy.exc.StatementError', 'StatementError'];

/**
 * A string that is no value of the enum it is stored as — SQLAlchemy's `'SHIPPED' is not among
 * the defined enum values. Enum name: orderstatus. Possible values: pending, shipped` or Python's
 * `'SHIPPED' is not a valid OrderStatus` → the literal, found in a function on the request's path
 * (else the one place in the project that writes it), becomes the member whose value or name it
 * spells up to case and separators (`OrderStatus.shipped` when the file has the enum in scope,
 * else the value `"shipped"`). No candidate when no member or several match: adding a member to
 * the enum or dropping the assignment would change what is stored.
 */
export const pythonEnumValue: RepairTemplate = {
  id: 'python.enum-value',
  language: 'python',
  summary: 'replace a string literal that is no value of its enum with the member it spells',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates(context) {
    const parsed = parseMessage(context.exception?.message ?? '');
    if (!parsed) return;
    const enumClass = await enumNamed(context.python, parsed.enumName);
    if (!enumClass) return;
    const members = Object.entries(enumClass.values);
    const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
    const matching = members.filter(
      ([name, value]) => norm(value) === norm(parsed.value) || norm(name) === norm(parsed.value),
    );
    if (matching.length !== 1 || matching[0]![1] === parsed.value) return;
    const [member, value] = matching[0]!;
    const site = await literalSite(context, parsed.value);
    if (!site) return;
    const source = (await context.tree.read(site.file))!;
    const { lines, join } = splitSource(source);
    const inScope = new RegExp(
      `^\\s*(?:from\\s+\\S+\\s+import\\s+.*\\b${enumClass.name}\\b|class\\s+${enumClass.name}\\b)`,
      'm',
    ).test(source);
    const replacement = inScope ? `${enumClass.name}.${member}` : JSON.stringify(value);
    lines[site.line - 1] = lines[site.line - 1]!.replace(site.literal, replacement);
    await context.tree.write(site.file, join(lines));
    yield {
      key: 'python.enum-value#member',
      summary: `use ${replacement} for the stray ${site.literal} at ${site.file}:${site.line}`,
      template: { recipe: 'python.enum-value#member', enum: enumClass.name, from: parsed.value, to: member },
    };
  },
};

/** The stored value and the enum's name of a "not among the defined enum values" error (SQLAlchemy or Python). */
export function parseMessage(message: string): { value: string; enumName: string } | null {
  const sqlalchemy = /'([^']+)' is not among the defined enum values\. Enum name: (\w+)/.exec(message);
  if (sqlalchemy) return { value: sqlalchemy[1]!, enumName: sqlalchemy[2]! };
  const python = /'([^']+)' is not a valid (\w+)/.exec(message);
  return python ? { value: python[1]!, enumName: python[2]! } : null;
}

/** The project's enum class of that name (SQLAlchemy lower-cases it), with its string members (name → value). */
export async function enumNamed(
  python: PythonProject,
  name: string,
): Promise<{ name: string; values: Record<string, string> } | null> {
  for (const module of (await python.modules()).values()) {
    for (const cls of module.classes) {
      if (cls.name.toLowerCase() !== name.toLowerCase()) continue;
      if (!cls.bases.some((b) => b !== null && /Enum$/.test(b)) || !cls.defaults) continue;
      return { name: cls.name, values: cls.defaults };
    }
  }
  return null;
}

// The literal `"RETURNED"` in code (not a comment): in a function on the request's path first,
// else anywhere in the project if it is written exactly once.
async function literalSite(
  context: TemplateContext,
  value: string,
): Promise<{ file: string; line: number; literal: string } | null> {
  const pattern = new RegExp(`(["'])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`);
  const find = (file: string, source: string, from: number, to: number) => {
    const { lines } = splitSource(source);
    const out: { file: string; line: number; literal: string }[] = [];
    for (let i = from - 1; i < Math.min(to, lines.length); i++) {
      const match = pattern.exec(lines[i]!.slice(0, codeEnd(lines[i]!)));
      if (match) out.push({ file, line: i + 1, literal: match[0] });
    }
    return out;
  };
  for (const { file, fn } of await requestFrames(context)) {
    const hits = find(file, (await context.tree.read(file)) ?? '', fn.bodyLine, fn.endLine);
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) return null;
  }
  const all = [];
  for (const file of (await context.python.modules()).keys())
    all.push(...find(file, (await context.tree.read(file)) ?? '', 1, Number.MAX_SAFE_INTEGER));
  return all.length === 1 ? all[0]! : null;
}
