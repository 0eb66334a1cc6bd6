import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

// The driver refusing a parameter of a type it cannot store: SQLite, psycopg 2, psycopg 3.
const UNBINDABLE = [
  /Error binding parameter \S+: type '(\w+)' is not supported/,
  /can't adapt type '(\w+)'/,
  /cannot adapt type '(\w+)'/,
];

/**
 * A plain `Enum` member (no `str` mixin) handed to SQL where a string column expects its value:
 * `Model.status == status` for a query parameter typed with the enum, `row.status = new_status`
 * for a local built as `Status(...)` → the driver cannot bind it (`sqlite3.ProgrammingError: Error
 * binding parameter 1: type 'Status' is not supported`, psycopg's `can't adapt type 'Status'`)
 * → bind the member's `.value`. Evidence: that message naming an `Enum` class of the project, and
 * in a function of the trace a name typed with exactly that enum (a parameter annotated with it, a
 * local assigned `Status(...)` or `Status.MEMBER`) compared with a model's column (`Model.col ==`,
 * `!=`) or assigned to an attribute (`obj.col = name`). An Optional parameter only where a `None`
 * test guards the function (`.value` of None would fail). Never `str(member)` (it stores
 * `'Status.X'`), never dropping the filter or catching the error.
 */
export const pythonEnumMemberBound: RepairTemplate = {
  id: 'python.enum-member-bound',
  language: 'python',
  summary: "bind an enum member's .value where the member itself was handed to SQL",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], culprit: true },
  async *candidates(context) {
    const message = context.exception?.message ?? '';
    const enumName = UNBINDABLE.map((p) => p.exec(message)?.[1]).find((v) => v !== undefined);
    if (!enumName) return;
    const found = await context.python.classNamed(enumName);
    if (!found?.cls.bases.some((b) => b !== null && /(?:^|\.)(?:Int)?Enum$/.test(b))) return;
    for (const { file, fn } of await requestFrames(context)) {
      const source = await context.tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      const sites = boundSites(lines, fn, enumName);
      if (sites.length === 0) continue;
      for (const { line, name, at } of sites) {
        const text = lines[line]!;
        lines[line] = `${text.slice(0, at + name.length)}.value${text.slice(at + name.length)}`;
      }
      await context.tree.write(file, join(lines));
      const names = [...new Set(sites.map((s) => s.name))].join(', ');
      yield {
        key: siteKey('python.enum-member-bound', file, sites[0]!.line + 1),
        summary:
          `bind ${names}.value, not the ${enumName} member, to SQL in ${fn.name} ` + `(${file}:${sites[0]!.line + 1})`,
        template: { recipe: 'python.enum-member-bound', enum: enumName },
      };
      return;
    }
  },
};

interface BoundSite {
  /** 0-based line index. */
  readonly line: number;
  readonly name: string;
  /** Column of the name on that line. */
  readonly at: number;
}

// The names of `fn` typed with the enum, where a column is compared with them or they are assigned
// to an attribute.
function boundSites(lines: readonly string[], fn: FunctionSummary, enumName: string): BoundSite[] {
  const body = lines.slice(fn.bodyLine - 1, fn.endLine).map((l) => maskStrings(l).replace(/#.*$/, ''));
  const annotated = new RegExp(
    `^(?:Optional\\[\\s*${enumName}\\s*\\]|${enumName}(\\s*\\|\\s*None)?|None\\s*\\|\\s*${enumName})$`,
  );
  const typed = new Map<string, boolean>();
  for (const p of fn.params) {
    const annotation = fn.annotations[p]?.trim();
    if (annotation && annotated.test(annotation)) typed.set(p, annotation !== enumName);
  }
  const built = new RegExp(`^\\s*(\\w+)\\s*=\\s*${enumName}(?:\\(|\\.\\w+\\s*$)`);
  for (const l of body) {
    const local = built.exec(l)?.[1];
    if (local && !fn.params.includes(local)) typed.set(local, false);
  }
  const out: BoundSite[] = [];
  for (const [name, optional] of typed) {
    // Another assignment of the name would make its type unknown at the site.
    const assigned = new RegExp(`^\\s*${name}\\s*=(?!=)`);
    if (body.filter((l) => assigned.test(l)).length > (fn.params.includes(name) ? 0 : 1)) continue;
    if (optional && !body.some((l) => new RegExp(`\\bif\\s+${name}(?:\\s+is\\s+not\\s+None)?\\s*:`).test(l))) continue;
    const compared = new RegExp(`\\b[A-Z]\\w*\\.\\w+\\s*(?:==|!=)\\s*(${name})\\b(?![.(\\[])`);
    const stored = new RegExp(`^\\s*\\w+\\.\\w+\\s*=\\s*(${name})\\s*$`);
    body.forEach((l, i) => {
      const match = compared.exec(l) ?? stored.exec(l);
      if (match) out.push({ line: fn.bodyLine - 1 + i, name, at: match.index + match[0].lastIndexOf(name) });
    });
  }
  return out;
}
