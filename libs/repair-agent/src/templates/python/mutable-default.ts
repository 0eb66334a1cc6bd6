import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import { findRoute } from '../../recipes/python/route-match.js';
import type { RepairTemplate } from '../template.js';
import { closingParen } from './call-keyword.js';
import { handlerReach } from './handler-reach.js';
import { indentOf, indentUnit, maskStrings } from './expression-text.js';

// pytest's list comparison where the actual (left) list is the longer one.
const LONGER = /Left contains \d+ more items?/;
const LISTS = /assert \[([^\]]*)\] == \[([^\]]*)\]/;

// A parameter (`into: list[Row] = []`, `seen={}`) whose default is an empty literal Python evaluates once, at
// `def` time; its annotation may hold one level of brackets (`dict[str, int]`).
const EMPTY_LITERAL = String.raw`\[\]|\{\}|set\(\)|list\(\)|dict\(\)`;
const PARAM = new RegExp(
  String.raw`(?<=[(,]\s*|^\s*)(\w+)\s*(:\s*((?:[^=,[\]()]|\[[^\]]*\])+?))?\s*=\s*(${EMPTY_LITERAL})(?=\s*[,)]|\s*$)`,
  'g',
);

/**
 * A test's answer is longer than expected (`Left contains 4 more items`, the items of an earlier
 * request repeated): a function on the failing request's path — the route's handler or a project
 * function it calls, two calls deep — has a parameter whose default is an empty literal it then
 * mutates (`def rank(items, out=[]): … out.append(x); return out`), so every call adds to the one
 * list made at `def` time → the default becomes `None` (`out: list[X] | None = None`) and the body
 * starts with `if out is None: out = []`. Only a literal `[]`/`{}`/`set()` default the function
 * appends to, extends, updates or assigns items of before rebinding it; a default only read, a
 * `None` default, or an answer that is shorter than expected: no candidate.
 */
export const pythonMutableDefault: RepairTemplate = {
  id: 'python.mutable-default',
  language: 'python',
  summary: 'give a mutated empty-literal default parameter a fresh value per call',
  evidence: { kinds: ['test_failure'] },
  async *candidates({ cause, tree, python }) {
    if (!cause.violations.some((v) => longerThanExpected(`${v.message}\n${v.responseExcerpt ?? ''}`))) return;
    const seen = new Set<FunctionSummary>();
    for (const endpoint of cause.endpoints) {
      const route = await findRoute(python, endpoint).catch(() => undefined);
      if (!route) continue;
      for (const { file, fn } of await handlerReach(python, route.file, route.handler)) {
        if (seen.has(fn)) continue;
        seen.add(fn);
        const source = await tree.read(file);
        const fixed = source === null ? null : await freshDefault(python, file, fn, source);
        if (!fixed) continue;
        await tree.write(file, fixed.source);
        yield {
          key: 'python.mutable-default',
          summary:
            `default ${fixed.param} of ${fn.name} (${file}:${fn.line}) to None and make a new ` +
            `${fixed.literal} per call: the one made at def time kept every call's items`,
          template: { recipe: 'python.mutable-default' },
        };
        return;
      }
    }
  },
};

function longerThanExpected(text: string): boolean {
  if (LONGER.test(text)) return true;
  const m = LISTS.exec(text);
  const count = (l: string) => l.split(',').filter((x) => x.trim() !== '').length;
  return !!m && count(m[1]!) > count(m[2]!);
}

// The source with the first mutated empty-literal default of `fn` made `None` and created in the body.
async function freshDefault(
  python: PythonProject,
  file: string,
  fn: FunctionSummary,
  source: string,
): Promise<{ source: string; param: string; literal: string } | null> {
  const { lines, join } = splitSource(source);
  const open = lines[fn.line - 1]!.search(new RegExp(`\\bdef\\s+${fn.name}\\s*\\(`));
  const close = open < 0 ? null : closingParen(lines, fn.line, open);
  if (!close || close.line >= fn.bodyLine - 1) return null;
  const body = lines.slice(fn.bodyLine - 1, fn.endLine);
  for (let i = fn.line - 1; i <= close.line; i++) {
    const param = [...maskStrings(lines[i]!).matchAll(PARAM)].find((p) => mutatedFirst(body, p[1]!));
    if (!param) continue;
    const name = param[1]!;
    const annotation = param[3]?.trim();
    const optional = annotation ? await optionalOf(python, file, annotation) : null;
    if (annotation && !optional) return null;
    const declared = annotation ? `${name}: ${optional!.type} = None` : `${name}=None`;
    lines[i] = lines[i]!.slice(0, param.index) + declared + lines[i]!.slice(param.index + param[0].length);
    const at = bodyStart(lines, fn);
    const indent = indentOf(lines[at - 1] ?? lines[fn.bodyLine - 1]!);
    const literal = param[4] === 'list()' ? '[]' : param[4] === 'dict()' ? '{}' : param[4]!;
    const unit = indentUnit(lines);
    lines.splice(at - 1, 0, `${indent}if ${name} is None:`, `${indent}${unit}${name} = ${literal}`);
    let edited = join(lines);
    const module = optional?.importTyping ? (await python.modules()).get(file) : undefined;
    if (module) edited = addFromImport(edited, module, 'typing', 'Optional');
    return { source: edited, param: name, literal };
  }
  return null;
}

// The body mutates `name` in place before any line rebinds it (`name = list(name)` copies first).
function mutatedFirst(body: readonly string[], name: string): boolean {
  const mutation = new RegExp(
    `\\b${name}\\.(?:append|extend|insert|add|update|setdefault)\\(|\\b${name}\\[[^\\]]*\\]\\s*=(?!=)|` +
      `\\b${name}\\s*(?:\\+|\\|)=`,
  );
  const rebind = new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)`);
  for (const line of body.map(maskStrings)) {
    if (rebind.test(line)) return false;
    if (mutation.test(line)) return true;
  }
  return false;
}

// `T | None` where the project writes optional types that way, else `Optional[T]` (imported then).
async function optionalOf(
  python: PythonProject,
  file: string,
  annotation: string,
): Promise<{ type: string; importTyping: boolean } | null> {
  if (/\bNone\b|Optional\[/.test(annotation)) return null;
  const modules = await python.modules();
  const own = modules.get(file);
  if (!own) return null;
  const unions = [...modules.values()].some((m) =>
    m.functions.some((f) => Object.values(f.annotations).some((a) => a !== null && /\|\s*None\b/.test(a))),
  );
  if (unions) return { type: `${annotation} | None`, importTyping: false };
  return { type: `Optional[${annotation}]`, importTyping: true };
}

// The 1-based line the body's code starts on: after a docstring.
function bodyStart(lines: readonly string[], fn: FunctionSummary): number {
  const first = lines[fn.bodyLine - 1]!.trim();
  const quote = /^[rRuU]?("""|''')/.exec(first)?.[1];
  if (!quote) return fn.bodyLine;
  if (first.length > quote.length + 1 && first.slice(first.indexOf(quote) + 3).includes(quote)) return fn.bodyLine + 1;
  for (let i = fn.bodyLine; i < fn.endLine; i++) if (lines[i]!.includes(quote)) return i + 2;
  return fn.bodyLine;
}
