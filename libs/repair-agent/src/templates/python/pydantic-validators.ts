import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { indentOf, statementEnd } from './expression-text.js';

/** A pydantic validator method of a class, as its decorator declares it. */
export interface PydanticValidator {
  readonly file: string;
  readonly fn: FunctionSummary;
  /** `field` (`@field_validator`, v1 `@validator`) or `model` (`@model_validator`, `@root_validator`). */
  readonly scope: 'field' | 'model';
  /** For a model validator: `after` (an instance method), `before` or `wrap`; `before` for a pre root validator. */
  readonly mode: string;
  /** The field names a field validator names (`*` for every field). */
  readonly fields: readonly string[];
  /** What the body must hand back: the value parameter (`value`, `values`, `data`) or `self`. */
  readonly value: string | null;
  /** Whether some path of the body ends without `return` or `raise`. */
  readonly fallsOff: boolean;
}

const DECORATOR = /@(?:[\w.]*\.)?(field_validator|validator|model_validator|root_validator)\b\s*(\(([\s\S]*)\))?/;

/** The pydantic validators declared in a class and its project base classes. */
export async function validatorsOf(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  className: string,
  seen = new Set<string>(),
): Promise<PydanticValidator[]> {
  if (seen.has(className)) return [];
  seen.add(className);
  const found = await python.classNamed(className);
  if (!found) return [];
  const { file, cls } = found;
  const module = (await python.modules()).get(file);
  const { lines } = splitSource((await tree.read(file)) ?? '');
  const out: PydanticValidator[] = [];
  for (const fn of module?.functions ?? []) {
    if (fn.qualname !== `${cls.name}.${fn.name}` || fn.line < cls.line || fn.line > cls.endLine) continue;
    const decorator = DECORATOR.exec(decoratorText(lines, fn));
    if (!decorator) continue;
    const [, kind, , args = ''] = decorator;
    const scope = kind === 'field_validator' || kind === 'validator' ? 'field' : 'model';
    const mode = /\bmode\s*=\s*["'](\w+)["']/.exec(args)?.[1] ?? (/\bpre\s*=\s*True\b/.test(args) ? 'before' : 'after');
    const rest = fn.params.filter((p) => p !== 'cls' && p !== 'self');
    // An after model validator is an instance method handing back `self`; the rest (a v1 root validator
    // too) hand back their first argument.
    const instance = kind === 'model_validator' && mode === 'after';
    const value = instance ? (fn.params[0] === 'self' ? 'self' : null) : (rest[0] ?? null);
    // The names are the positional strings: `mode="before"`, `check_fields=False` are no fields.
    const names = args.replace(/\b\w+\s*=\s*(?:"[^"]*"|'[^']*'|\w+)/g, '');
    const fields = scope === 'field' ? [...names.matchAll(/["']([\w*]+)["']/g)].map((m) => m[1]!) : [];
    out.push({ file, fn, scope, mode, fields, value, fallsOff: fallsOff(lines, fn.bodyLine, fn.endLine) });
  }
  for (const base of cls.bases)
    if (base) out.push(...(await validatorsOf(python, tree, base.replace(/^.*\./, ''), seen)));
  return out;
}

// The decorator lines above a `def` (the inspector's line is the `def`'s), joined.
function decoratorText(lines: readonly string[], fn: FunctionSummary): string {
  const indent = indentOf(lines[fn.line - 1] ?? '');
  let start = fn.line - 1;
  for (let i = fn.line - 2; i >= 0; i--) {
    const line = lines[i]!;
    if (line.trim() === '') break;
    if (indentOf(line) === indent && !line.trim().startsWith('@') && !/^[)\]]/.test(line.trim())) break;
    start = i;
  }
  return lines.slice(start, fn.line - 1).join('\n');
}

/**
 * Whether the block of statements from `from` to `to` (1-based, inclusive) can end without a
 * `return` or `raise`: its last statement is neither, and is no `if`/`elif`/`else` chain (or
 * `with` block) whose every branch ends in one.
 */
function fallsOff(lines: readonly string[], from: number, to: number): boolean {
  const statements: number[] = [];
  const indent = indentOf(lines[from - 1] ?? '');
  for (let i = from; i <= to; i++) {
    const line = lines[i - 1]!;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (indentOf(line) !== indent) continue;
    statements.push(i);
    i = statementEnd(lines, i);
  }
  const last = statements.at(-1);
  if (last === undefined) return true;
  const text = lines[last - 1]!.trim();
  if (/^(?:return|raise)\b/.test(text)) return false;
  if (/^with\b/.test(text)) return blockFallsOff(lines, last, to);
  if (!/^else\s*:/.test(text)) return true;
  // An if/elif/else chain: every branch must end without falling off.
  let k = statements.length - 1;
  let end = to;
  while (k >= 0) {
    const at = statements[k]!;
    const head = lines[at - 1]!.trim();
    if (blockFallsOff(lines, at, end)) return true;
    if (/^if\b/.test(head)) return false;
    if (!/^(?:elif\b|else\s*:)/.test(head)) return true;
    end = at - 1;
    k--;
  }
  return true;
}

// The block under the compound statement header at `header`, up to `to`.
function blockFallsOff(lines: readonly string[], header: number, to: number): boolean {
  const end = statementEnd(lines, header);
  // A one-line `if x: return y` keeps its body on the header line.
  const text = lines[end - 1]!.replace(/#.*$/, '').trimEnd();
  if (!text.endsWith(':')) return !/:\s*(?:return|raise)\b/.test(text);
  return end + 1 > to || fallsOff(lines, end + 1, to);
}
