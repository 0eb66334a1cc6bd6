/**
 * What an `AttributeError: 'X' object has no attribute 'y'` can mean: the members of X (a project
 * class with its project bases, or a project module), and — when `.y(...)` is called — whether a
 * method's parameters fit that call. Shared by the spelling recipe (python.attribute-typo) and
 * the meaning template (python.attribute-meaning).
 */
import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { closestFieldName, nameSimilarity } from '../../similarity.js';
import { closingParen, codeEnd } from './call-keyword.js';

/** The owner and the missing attribute of an AttributeError message. */
export interface MissingAttribute {
  /** `Cls` of `'Cls' object` / `type object 'Cls'`, or the module of `module 'm'`. */
  readonly owner: string;
  readonly ownerKind: 'class' | 'module';
  readonly attribute: string;
}

/** Parses `'Cls' object has no attribute 'x'` (also `type object 'Cls'`, `module 'm'`). */
export function missingAttribute(message: string): MissingAttribute | null {
  const match = /^(?:'(\w+)' object|type object '(\w+)'|module '([\w.]+)') has no attribute '(\w+)'/.exec(message);
  if (!match) return null;
  const cls = match[1] ?? match[2];
  return { owner: (cls ?? match[3])!, ownerKind: cls ? 'class' : 'module', attribute: match[4]! };
}

/** A member of the owner: its name, and its parameters (without self/cls) when it is a function. */
export interface Member {
  readonly name: string;
  readonly params?: readonly string[];
  /** How many of `params` have no default (read from the `def` line). */
  readonly required?: number;
  readonly variadic?: boolean;
}

/** The owner's public members (dunder names left out), with the parameters of its methods. */
export async function membersOf(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  missing: MissingAttribute,
): Promise<Member[]> {
  const modules = await python.modules();
  const sources = new Map<string, string | null>();
  const member = async (
    file: string,
    name: string,
    fn: FunctionSummary | undefined,
    bound: boolean,
  ): Promise<Member> => {
    if (!fn) return { name };
    if (!sources.has(file)) sources.set(file, await tree.read(file));
    const signature = signatureOf(sources.get(file) ?? '', fn);
    const params = bound ? fn.params.slice(1) : fn.params;
    return { name, params, required: Math.max(0, signature.required - (bound ? 1 : 0)), variadic: signature.variadic };
  };
  if (missing.ownerKind === 'module') {
    for (const [file, module] of modules) {
      if ((await python.moduleName(file)) !== missing.owner) continue;
      const defs = module.defs.filter((d) => !d.name.startsWith('__'));
      return Promise.all(
        defs.map((d) =>
          member(
            file,
            d.name,
            module.functions.find((f) => f.qualname === d.name),
            false,
          ),
        ),
      );
    }
    return [];
  }
  const out = new Map<string, Member>();
  const seen = new Set<string>();
  const visit = async (className: string): Promise<void> => {
    if (seen.has(className)) return;
    seen.add(className);
    const found = await python.classNamed(className);
    if (!found) return;
    const module = modules.get(found.file);
    for (const name of [...found.cls.attributes, ...found.cls.methods]) {
      if (out.has(name) || name.startsWith('__')) continue;
      const fn = module?.functions.find((f) => f.qualname === `${className}.${name}`);
      out.set(
        name,
        await member(found.file, name, fn, fn !== undefined && (fn.params[0] === 'self' || fn.params[0] === 'cls')),
      );
    }
    for (const base of found.cls.bases) if (base) await visit(base.replace(/^.*\./, ''));
  };
  await visit(missing.owner);
  return [...out.values()];
}

/** The arguments of `.attribute(...)` on a line: positional count and keyword names; null when not called there. */
export function callOnLine(
  source: string,
  line: number,
  attribute: string,
): { positional: number; keywords: string[]; star: boolean } | null {
  const { lines } = splitSource(source);
  const text = lines[line - 1] ?? '';
  const at = new RegExp(`\\.${attribute}\\s*\\(`).exec(text.slice(0, codeEnd(text)));
  if (!at) return null;
  const open = at.index + at[0].length - 1;
  const close = closingParen(lines, line, open);
  if (!close) return null;
  const args = topLevelSplit(textBetween(lines, line - 1, open + 1, close))
    .map((a) => a.trim())
    .filter(Boolean);
  const keywords = args.map((a) => /^(\w+)\s*=(?!=)/.exec(a)?.[1]).filter((k): k is string => k !== undefined);
  return { positional: args.length - keywords.length, keywords, star: args.some((a) => a.startsWith('*')) };
}

/** Whether a member could take the call (no call: any member; a call: a method whose parameters fit). */
export function fitsCall(member: Member, call: ReturnType<typeof callOnLine>): boolean {
  if (!call) return true;
  if (!member.params) return false;
  if (call.star || member.variadic) return true;
  const given = call.positional + call.keywords.length;
  return (
    given >= (member.required ?? 0) &&
    given <= member.params.length &&
    call.keywords.every((k) => member.params!.includes(k))
  );
}

// Parameters without a default, and whether there is a *args / **kwargs, from the `def` line.
function signatureOf(source: string, fn: FunctionSummary): { required: number; variadic: boolean } {
  const { lines } = splitSource(source);
  const text = lines[fn.line - 1] ?? '';
  const open = text.indexOf(`${fn.name}(`);
  const close = open < 0 ? null : closingParen(lines, fn.line, open);
  if (!close) return { required: fn.params.length, variadic: false };
  const args = topLevelSplit(textBetween(lines, fn.line - 1, open + fn.name.length + 1, close))
    .map((a) => a.trim())
    .filter((a) => a !== '' && a !== '/' && a !== '*');
  return {
    required: args.filter((a) => !a.startsWith('*') && topLevelSplit(a, '=').length === 1).length,
    variadic: args.some((a) => a.startsWith('*')),
  };
}

/** The text from (0-based line, index) up to the closing bracket, comments left out. */
export function textBetween(
  lines: readonly string[],
  line: number,
  index: number,
  close: { line: number; index: number },
): string {
  const parts: string[] = [];
  for (let i = line; i <= close.line; i++) {
    const text = lines[i]!;
    parts.push(text.slice(i === line ? index : 0, i === close.line ? close.index : codeEnd(text)));
  }
  return parts.join('\n');
}

/** Splits `text` at `separator` outside brackets and string literals. */
export function topLevelSplit(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * The one candidate `name` means without being spelt like it (`date_of_birth` → `birth_date`,
 * `status` → `status_code`): closestFieldName's word rule, over the candidates no spelling
 * comes close to (those are the spelling rule's).
 */
export function meantName(name: string, candidates: readonly string[]): string | undefined {
  return closestFieldName(
    name,
    candidates.filter((c) => nameSimilarity(name, c) < 0.6),
  );
}
