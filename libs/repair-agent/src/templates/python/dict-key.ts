import type { FunctionSummary } from '../../python/module-summary.js';
import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import { closestName } from '../../similarity.js';
import type { RepairTemplate } from '../template.js';
import { closingParen, codeEnd } from './call-keyword.js';
import { meantName, textBetween, topLevelSplit } from './member-candidates.js';
import type { SourceTree } from '../../source/source-tree.js';

interface Scope {
  readonly python: PythonProject;
  readonly tree: Pick<SourceTree, 'read'>;
}

/**
 * `KeyError: 'x'` raised by `d['x']` (or `d.pop('x')`, `del d['x']`) in app code, where every way `d` gets its value
 * says which keys it has: a dict literal (and `d['k'] = …` stores), `payload.model_dump()` of a schema, a
 * project function returning a dict literal, a SQLAlchemy row of `select(Model)` /
 * `select(Model.a, Model.b)`, `{c.name: … for c in Model.__table__.columns}` → the known key
 * closest in spelling, then in meaning. A dict filled from anything else (request JSON, a
 * parameter) has no known keys: no candidate.
 */
export const pythonDictKey: RepairTemplate = {
  id: 'python.dict-key',
  language: 'python',
  summary: 'read a dict by a key it is known to have',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['KeyError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const key = /^['"](\w+)['"]$/.exec(exception?.message.trim() ?? '')?.[1];
    if (!key || !culprit) return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null || !fn) return;
    const { lines, join } = splitSource(source);
    const line = lines[culprit.line - 1]!;
    // `d['x']` (a read, or `del d['x']`) or `d.pop('x')` without a default: both raise KeyError.
    const code = line.slice(0, codeEnd(line));
    const subscript = new RegExp(`([A-Za-z_][\\w.]*)\\[(['"])${key}\\2\\]`).exec(code);
    const popped = subscript ? null : new RegExp(`([A-Za-z_][\\w.]*)\\.pop\\(\\s*(['"])${key}\\2\\s*\\)`).exec(code);
    const target = (subscript ?? popped)?.[1];
    if (!target) return;
    const known = await knownKeys({ python, tree }, lines, fn, target);
    if (!known || known.includes(key)) return;
    const spelled = closestName(key, known);
    const meant = meantName(key, known);
    const destined =
      spelled || meant ? undefined : destinationName(code.slice(0, (subscript ?? popped)!.index), key, known);
    for (const [variant, replacement] of [
      ['spelling', spelled],
      ['meaning', meant],
      ['destination', destined],
    ] as const) {
      if (!replacement) continue;
      const escaped = target.replace(/\./g, '\\.');
      const pattern = popped
        ? new RegExp(`(${escaped}\\.pop\\(\\s*)(['"])${key}\\2(\\s*\\))`, 'g')
        : new RegExp(`(${escaped}\\[)(['"])${key}\\2(\\])`, 'g');
      const edited = [...lines];
      edited[culprit.line - 1] = line.replace(pattern, `$1$2${replacement}$2$3`);
      await tree.write(culprit.file, join(edited));
      yield {
        key: `python.dict-key#${variant}`,
        summary:
          `read ${target}${popped ? '.pop' : ''}[${JSON.stringify(replacement)}] for ${JSON.stringify(key)} ` +
          `at ${culprit.file}:${culprit.line}`,
        template: { recipe: `python.dict-key#${variant}`, from: key, to: replacement },
      };
    }
  },
};

// The keys of every value `target` is given in the function (or, when the function never
// assigns it, at module level); null as soon as one of them is unknown.
async function knownKeys(
  scope: Scope,
  lines: readonly string[],
  fn: FunctionSummary,
  target: string,
): Promise<string[] | null> {
  if (fn.params.includes(target)) return null;
  const escaped = target.replace(/\./g, '\\.');
  const assignment = new RegExp(`^(\\s*)${escaped}\\s*(?::[^=]*)?=(?!=)\\s*`);
  const store = new RegExp(`^\\s*${escaped}\\[(['"])(\\w+)\\1\\]\\s*=(?!=)`);
  const keys = new Set<string>();
  let assigned = false;
  const scan = async (from: number, to: number, topLevelOnly: boolean): Promise<boolean> => {
    for (let i = from; i < to; i++) {
      const text = lines[i]!;
      const stored = store.exec(text);
      if (stored) keys.add(stored[2]!);
      // `for row in session.execute(select(...)).mappings():` gives row its keys too.
      // `for r in rows:` and `[… r['k'] … for r in rows]`: the rows are those of the name iterated.
      const iterated = topLevelOnly
        ? null
        : new RegExp(`\\bfor\\s+${escaped}\\s+in\\s+([A-Za-z_]\\w*)\\s*(?:[\\]):}]|\\bif\\b|$)`).exec(text);
      const loop =
        topLevelOnly || iterated ? null : new RegExp(`^\\s*(?:async\\s+)?for\\s+${escaped}\\s+in\\s+`).exec(text);
      if (iterated) {
        assigned = true;
        const found = await namedRows(scope, lines, fn, iterated[1]!);
        if (!found) return false;
        for (const k of found) keys.add(k);
        continue;
      }
      const match = loop ?? assignment.exec(text);
      if (!match || (topLevelOnly && match[1] !== '')) continue;
      assigned = true;
      const found = loop
        ? await rowsOf(scope, lines, i, match[0].length, fn)
        : await valueKeys(scope, fn, lines, i, match[0].length);
      if (!found) return false;
      for (const k of found) keys.add(k);
    }
    return true;
  };
  if (!(await scan(fn.line, fn.endLine, false))) return null;
  if (!assigned && !target.includes('.') && !(await scan(0, lines.length, true))) return null;
  return assigned ? [...keys] : null;
}

// The keys of the value that starts at (line, index), or null when they are not known.
async function valueKeys(
  scope: Scope,
  fn: FunctionSummary,
  lines: readonly string[],
  line: number,
  index: number,
): Promise<string[] | null> {
  const text = lines[line]!.slice(index);
  if (text.startsWith('{')) return literalKeys(scope.python, lines, line, index);
  const dumped = /^(\w+)\.(?:model_dump|dict)\(/.exec(text);
  if (dumped) return schemaKeys(scope.python, fn, lines[line]!, dumped[1]!);
  const whole = statement(lines, line, index);
  if (/\.mappings\(\)|\._mapping\b|\._asdict\(\)/.test(whole))
    return selectedColumns(scope.python, withStatement(lines, fn, whole));
  const called = /^(?:await\s+)?(?:[\w.]+\.)?(\w+)\(/.exec(text);
  if (called) return returnedLiteral(scope, called[1]!);
  return null;
}

async function rowsOf(
  scope: Scope,
  lines: readonly string[],
  line: number,
  index: number,
  fn: FunctionSummary,
): Promise<string[] | null> {
  const whole = statement(lines, line, index);
  return /\.mappings\(\)|\._mapping\b|\._asdict\(\)/.test(whole)
    ? selectedColumns(scope.python, withStatement(lines, fn, whole))
    : null;
}

// The rows a name holds when the function assigns it exactly once, from `.mappings()` (or
// `._mapping`, `._asdict()`) of a select; null otherwise.
async function namedRows(
  scope: Scope,
  lines: readonly string[],
  fn: FunctionSummary,
  name: string,
): Promise<string[] | null> {
  const site = onlyAssignment(lines, fn, name);
  return site ? rowsOf(scope, lines, site.line, site.index, fn) : null;
}

// `session.execute(stmt).mappings()` with `stmt = select(…)` assigned once in the function: the
// select's text joins the statement, so its columns are read as if it were written inline.
function withStatement(lines: readonly string[], fn: FunctionSummary, whole: string): string {
  if (/\bselect\(/.test(whole)) return whole;
  const executed = /\.execute\(\s*([A-Za-z_]\w*)\s*[,)]/.exec(whole)?.[1];
  const site = executed ? onlyAssignment(lines, fn, executed) : null;
  return site ? `${whole}\n${statement(lines, site.line, site.index)}` : whole;
}

function onlyAssignment(
  lines: readonly string[],
  fn: FunctionSummary,
  name: string,
): { line: number; index: number } | null {
  const assignment = new RegExp(`^\\s*${name}\\s*(?::[^=]*)?=(?!=)\\s*`);
  const sites: { line: number; index: number }[] = [];
  for (let i = fn.line; i < fn.endLine; i++) {
    const match = assignment.exec(lines[i]!);
    if (match) sites.push({ line: i, index: match[0].length });
  }
  return sites.length === 1 ? sites[0]! : null;
}

function statement(lines: readonly string[], line: number, index: number): string {
  const close = closingParen(lines, line + 1, index);
  return close ? lines.slice(line, close.line + 1).join('\n') : lines[line]!;
}

async function literalKeys(
  python: PythonProject,
  lines: readonly string[],
  line: number,
  index: number,
): Promise<string[] | null> {
  const close = closingParen(lines, line + 1, index);
  if (!close) return null;
  const inner = textBetween(lines, line, index + 1, close);
  const columns = /\bfor\s+(\w+)\s+in\s+(\w+)\.__table__\.columns\b/.exec(inner);
  if (columns) return modelColumns(python, columns[2]!);
  const keys: string[] = [];
  for (const entry of topLevelSplit(inner)
    .map((e) => e.trim())
    .filter(Boolean)) {
    const k = /^(['"])(\w+)\1\s*:/.exec(entry);
    if (!k) return null; // `**other`, a computed key, a comprehension: not certain
    keys.push(k[2]!);
  }
  return keys;
}

// `payload.model_dump()` of a parameter annotated with a project schema: its fields, less `exclude={…}`.
async function schemaKeys(
  python: PythonProject,
  fn: FunctionSummary,
  dump: string,
  variable: string,
): Promise<string[] | null> {
  const cls = fn.annotations[variable]?.replace(/^.*\./, '');
  if (!cls || !(await python.classNamed(cls))) return null;
  const excluded =
    /exclude\s*=\s*\{([^}]*)\}/
      .exec(dump)?.[1]
      ?.split(',')
      .map((s) => s.trim().replace(/^['"]|['"]$/g, '')) ?? [];
  return (await python.classMembers(cls)).filter(
    (f) => !f.startsWith('_') && f !== 'model_config' && !excluded.includes(f),
  );
}

async function selectedColumns(python: PythonProject, text: string): Promise<string[] | null> {
  const select = /\bselect\(([^()]*(?:\([^()]*\)[^()]*)*)\)/.exec(text);
  if (!select) return null;
  const keys: string[] = [];
  for (const arg of topLevelSplit(select[1]!)
    .map((a) => a.trim())
    .filter(Boolean)) {
    const labelled = /\.label\((['"])(\w+)\1\)$/.exec(arg);
    const column = /^(\w+)\.(\w+)$/.exec(arg);
    if (labelled) keys.push(labelled[2]!);
    else if (column) keys.push(column[2]!);
    else if (/^\w+$/.test(arg)) {
      const columns = await modelColumns(python, arg);
      if (!columns) return null;
      keys.push(...columns);
    } else return null;
  }
  return keys;
}

async function modelColumns(python: PythonProject, model: string): Promise<string[] | null> {
  const found = await python.classNamed(model);
  if (!found) return null;
  return (await python.classMembers(model)).filter((m) => !m.startsWith('_') && !found.cls.methods.includes(m));
}

// A project function (the only one of that name) whose every `return` is a dict literal.
async function returnedLiteral({ python, tree }: Scope, name: string): Promise<string[] | null> {
  const owners: { file: string; fn: FunctionSummary }[] = [];
  for (const [file, module] of await python.modules())
    for (const f of module.functions) if (f.name === name) owners.push({ file, fn: f });
  const owner = owners.length === 1 ? owners[0]! : undefined;
  const source = owner ? await tree.read(owner.file) : null;
  if (!owner || source === null || owner.fn.returns.length === 0) return null;
  const { lines } = splitSource(source);
  const keys = new Set<string>();
  for (const r of owner.fn.returns) {
    const at = lines[r.line - 1]!.search(/\breturn\s+\{/);
    const found = at < 0 ? null : await literalKeys(python, lines, r.line - 1, lines[r.line - 1]!.indexOf('{', at));
    if (!found) return null;
    for (const k of found) keys.add(k);
  }
  return [...keys];
}

// `{"total_distance_km": float(r["total_km"])}` with rows keyed `total_distance`: the key or
// keyword the value is stored under names what it is. The one known key whose words are all words
// of that name, sharing a word with the missing key (itself all words of the name), is meant.
function destinationName(before: string, key: string, known: readonly string[]): string | undefined {
  const destination = /(?:(['"])(\w+)\1\s*:|\b(\w+)\s*=(?!=))[^,:=]*$/.exec(before);
  const name = destination?.[2] ?? destination?.[3];
  if (!name) return undefined;
  const words = (text: string) => text.toLowerCase().split(/_+/).filter(Boolean);
  const target = words(name);
  const missing = words(key);
  if (!missing.every((w) => target.includes(w))) return undefined;
  const fits = known.filter((k) => {
    const own = words(k);
    return own.every((w) => target.includes(w)) && own.some((w) => w.length >= 3 && w !== 'id' && missing.includes(w));
  });
  return fits.length === 1 ? fits[0] : undefined;
}
