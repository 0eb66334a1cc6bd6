import type { FunctionSummary } from '../../python/module-summary.js';
import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { storedNaiveDatetime } from './declared-moment.js';
import { maskStrings, operandEnd, operandStart, operatorIndexes } from './expression-text.js';

// Spellings of an aware "now" / of the aware and naive conventions in a codebase.
const AWARE_NOW = /\bnow\(\s*(?:tz\s*=\s*)?[\w.]*(?:utc|UTC|timezone|tz|ZoneInfo)[\w.()'"]*\s*\)/;
const AWARE_STYLE = /timezone\.utc|\btz\s*=|tzinfo\s*=\s*(?!None)|\bZoneInfo\(|\bUTC\b/g;
const NAIVE_NOW = /\butcnow\(\)|\bnow\(\)/;
const NAIVE_STYLE = /\butcnow\(\)|\bnow\(\)/g;

/**
 * `TypeError: can't compare offset-naive and offset-aware datetimes` (or subtract) → normalise
 * the culprit line to the codebase's convention: where it writes aware datetimes (`timezone.utc`,
 * `tz=`), the naive operand gets `.replace(tzinfo=timezone.utc)`; where it writes naive ones
 * (`utcnow()`), the aware operand gets `.astimezone(timezone.utc).replace(tzinfo=None)` (naive UTC,
 * as `utcnow()` is, whatever offset the value came with; a local or a request model's field is
 * normalised by a statement before the line, so what the function stores is naive UTC too). The
 * aware operand is the one
 * built by an aware `now(...)` (directly or through a local), the naive one a bare `now()` /
 * `utcnow()`; when neither is known, both
 * operands are candidates, left first. `#stored-naive`: one operand is a naive `DateTime` column
 * read back (`delivery.delivered_at`), the other of no known kind: the other goes to naive UTC,
 * a local before the line (`if graded_at.tzinfo is not None: graded_at = …`) so what it stores
 * later is naive UTC too. Another TypeError on datetimes (`- NoneType`) is no timezone mismatch.
 */
export const pythonNaiveAwareDatetime: RepairTemplate = {
  id: 'python.naive-aware-datetime',
  language: 'python',
  summary: "compare datetimes in the codebase's timezone convention (naive vs aware)",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates(context) {
    const { exception, culprit, tree, python } = context;
    if (
      !exception ||
      !culprit ||
      !/can't (?:compare|subtract) offset-naive and offset-aware datetimes/.test(exception.message)
    )
      return;
    const source = await tree.read(culprit.file);
    const fn = await python.functionAt(culprit.file, culprit.line);
    if (source === null) return;
    const { lines } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text);
    const aware = await awareConvention(context);
    // The project's own clock (`def utcnow(): return datetime.now(timezone.utc)`) is aware whatever its
    // name says, called on the line or into a local before it (`now = _utcnow()`).
    const before = lines.slice((fn?.bodyLine ?? culprit.line) - 1, culprit.line - 1);
    const helpers = await awareHelpers(context, [...before, text].join('\n'));
    const callsHelper = (operand: string) =>
      [...helpers].some((h) => new RegExp(`(?<![\\w])(?:[A-Za-z_]\\w*\\.)?${h}\\(\\s*\\)`).test(operand)) &&
      !/\bdatetime\.(?:utcnow|now)\(/.test(operand);
    // Locals assigned an aware now() earlier in the function are aware operands too.
    const awareLocalNames = new Set(
      before.flatMap((l) => {
        const m = /^\s*(\w+)\s*(?::[^=]+)?=(?!=)\s*(.+)$/.exec(l);
        return m && (AWARE_NOW.test(m[2]!) || callsHelper(m[2]!)) ? [m[1]!] : [];
      }),
    );
    const isAware = (operand: string) =>
      AWARE_NOW.test(operand) || awareLocalNames.has(operand.trim()) || callsHelper(operand);
    const edits: { at: number; key: string; known: boolean; naive?: boolean; local?: string | null }[] = [];
    for (const { at, op } of operatorIndexes(masked, ['<=', '>=', '<', '>', '-'])) {
      const start = operandStart(masked, at);
      const end = operandEnd(masked, at + op.length);
      if (start < 0 || end < 0) continue;
      // `now - x.at < MIN_REST`: `-` binds first, so the comparison's operands are no datetimes read alone.
      if (op !== '-' && (/[-+]\s*$/.test(masked.slice(0, start)) || /^\s*[-+]/.test(masked.slice(end)))) continue;
      const left = { from: start, to: at, text: text.slice(start, at).trim() };
      const right = { from: at + op.length, to: end, text: text.slice(at + op.length, end).trim() };
      // A naive DateTime column read back (`delivery.delivered_at`) against a value of unknown kind:
      // the value is the aware one, and it goes to naive UTC — as it will be stored — whatever the
      // convention (an aware column value would make no mismatch).
      const kindKnown = [left.text, right.text].some((t) => isAware(t) || NAIVE_NOW.test(t));
      const stored = kindKnown ? null : await storedSide(context, fn?.annotations ?? {}, left.text, right.text);
      if (stored) {
        const target = stored === 'left' ? right : left;
        edits.push({
          at: target.from + text.slice(target.from, target.to).replace(/\s+$/, '').length,
          key: 'stored',
          known: true,
          local: await assignable(target.text, fn, python, lines, culprit.line),
        });
        continue;
      }
      const known = isAware(left.text)
        ? { aware: left, naive: right }
        : isAware(right.text)
          ? { aware: right, naive: left }
          : NAIVE_NOW.test(left.text)
            ? { aware: right, naive: left }
            : NAIVE_NOW.test(right.text)
              ? { aware: left, naive: right }
              : null;
      // A value the function takes in (`payload.fired_at`) compared with a naive clock (`utcnow()`) and
      // stored into a naive DateTime column arrives naive or aware: making the clock aware would leave
      // naive input to raise the same, and store aware input unconverted. That value goes to naive UTC.
      const input =
        known && aware && NAIVE_NOW.test(known.naive.text)
          ? await assignable(known.aware.text, fn, python, lines, culprit.line)
          : null;
      const toNaive =
        input !== null && (await storedNaiveDatetime(python, tree, known!.aware.text.replace(/^.*\./, '')));
      // Aware convention: the naive side becomes aware; naive convention: the aware side naive.
      const targets = known ? [aware && !toNaive ? known.naive : known.aware] : [left, right];
      for (const t of targets)
        edits.push({
          at: t.from + text.slice(t.from, t.to).replace(/\s+$/, '').length,
          key: t === left ? 'left' : 'right',
          known: known !== null,
          naive: toNaive || !aware,
          // Made naive: the value itself (a local, a parameter's field), so what it stores is naive UTC too.
          // Made aware: a value the function takes in may arrive aware (`…+02:00`), and only a naive one
          // is read as UTC; a replaced offset would move the instant.
          local: toNaive ? input : known ? await assignable(t.text, fn, python, lines, culprit.line) : null,
        });
    }
    // A comparison with a known now is the one that failed: the line's others (`booked < capacity`
    // in `closes_at > utcnow() and booked < capacity`) are no datetimes.
    const sure = edits.some((e) => e.known);
    const chosen = edits.filter((e) => !sure || e.known);
    // Several comparisons of known kinds on the line (`a < x.ends_at and x.starts_at < b`) are all
    // mismatched: normalising one leaves the next to raise on the data that reaches it.
    const groups = sure && chosen.length > 1 ? [chosen] : chosen.map((e) => [e]);
    for (const group of groups) {
      const current = await tree.read(culprit.file);
      const module = (await python.modules()).get(culprit.file);
      if (current === null || !module) return;
      const split = splitSource(current);
      const line = split.lines[culprit.line - 1]!;
      const utc =
        module.imports.some((i) => i.kind === 'import' && i.names.some((n) => n.name === 'datetime' && !n.asname)) &&
        !module.imports.some((i) => i.module === 'datetime')
          ? 'datetime.timezone.utc'
          : 'timezone.utc';
      const indent = /^\s*/.exec(line)![0];
      const before: string[] = [];
      let edited = line;
      // Right to left, so each edit's offset still points into the line as it was.
      for (const edit of [...group].sort((a, b) => b.at - a.at)) {
        // An aware value is taken to UTC before its zone goes: `10:00+02:00` is `08:00` naive UTC, not `10:00`.
        const toAware = !edit.naive && edit.key !== 'stored';
        const suffix = toAware ? `.replace(tzinfo=${utc})` : `.astimezone(${utc}).replace(tzinfo=None)`;
        if (edit.local && STATEMENT_START.test(line))
          // The value is normalised where it is compared, so what it goes on to store is normalised too.
          before.unshift(
            `${indent}if ${edit.local}.tzinfo is ${toAware ? '' : 'not '}None:`,
            `${indent}    ${edit.local} = ${edit.local}${suffix}`,
          );
        else edited = `${edited.slice(0, edit.at)}${suffix}${edited.slice(edit.at)}`;
      }
      split.lines.splice(culprit.line - 1, 1, ...before, edited);
      const joined = split.join(split.lines);
      const needsImport =
        utc === 'timezone.utc' && !module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === 'timezone'));
      await tree.write(culprit.file, needsImport ? addFromImport(joined, module, 'datetime', 'timezone') : joined);
      const edit = group[0]!;
      const toAware = !edit.naive;
      const kind =
        edit.key === 'stored'
          ? 'stored-naive'
          : `${toAware ? 'aware' : 'naive'}-${group.length > 1 ? 'all' : edit.key}`;
      const key = `python.naive-aware-datetime#${kind}`;
      const what = group.length > 1 ? 'the compared values' : (edit.local ?? 'the compared value');
      yield {
        key,
        summary:
          edit.key === 'stored'
            ? `take ${what} to naive UTC, as the stored column is, at ${culprit.file}:${culprit.line}`
            : `make the ${group.length > 1 ? 'compared' : edit.key} operand${group.length > 1 ? 's' : ''} ` +
              `${toAware ? 'aware (UTC)' : 'naive'} at ${culprit.file}:${culprit.line}`,
        template: { recipe: key },
      };
    }
  },
};

// Whether the codebase writes aware datetimes (more aware spellings than naive ones).
async function awareConvention({ python, tree }: TemplateContext): Promise<boolean> {
  let awareCount = 0;
  let naiveCount = 0;
  for (const file of (await python.modules()).keys()) {
    const text = (await tree.read(file)) ?? '';
    awareCount += text.match(AWARE_STYLE)?.length ?? 0;
    naiveCount += text.match(NAIVE_STYLE)?.length ?? 0;
  }
  return awareCount >= naiveCount && awareCount > 0;
}

// The project functions called on the line (`utcnow()`, `clock.now()`) whose body makes an aware now.
async function awareHelpers(context: TemplateContext, text: string): Promise<Set<string>> {
  const out = new Set<string>();
  const { python, tree } = context;
  for (const m of text.matchAll(/(?<![\w])(?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*)\(\s*\)/g)) {
    const name = m[1]!;
    if (out.has(name) || !/now|today|clock|time/i.test(name)) continue;
    for (const def of await python.definitionsOf(name)) {
      if (def.kind !== 'function') continue;
      const fn = (await python.modules()).get(def.file)?.functions.find((f) => f.name === name);
      const source = fn ? await tree.read(def.file) : null;
      if (!fn || source === null) continue;
      const body = splitSource(source)
        .lines.slice(fn.line - 1, fn.endLine)
        .join('\n');
      if (AWARE_NOW.test(body) || /\bnow\(\s*(?:tz\s*=\s*)?timezone\.utc\s*\)/.test(body)) out.add(name);
    }
  }
  return out;
}

// A line that is a whole statement a guard can go before (not `elif`, `else`, or a continuation).
const STATEMENT_START = /^\s*(?:(?:if|while|return|assert)\b|[A-Za-z_][\w.]*\s*(?::[^=]+)?=(?!=))/;

// Which operand is an attribute whose field the project stores as a naive DateTime column, when the
// other is not.
async function storedSide(
  { python, tree }: TemplateContext,
  annotations: Readonly<Record<string, string | null>>,
  left: string,
  right: string,
): Promise<'left' | 'right' | null> {
  // `payload.graded_at` with `payload: GradeUpdate`: that class's field (a schema's is no column).
  const stored = async (operand: string) => {
    const parts = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/.test(operand) ? operand.split('.') : null;
    if (!parts) return false;
    const owner = parts.length === 2 ? annotations[parts[0]!]?.replace(/^.*\./, '') : undefined;
    return storedNaiveDatetime(python, tree, parts[parts.length - 1]!, owner ?? undefined);
  };
  const [l, r] = [await stored(left), await stored(right)];
  return l === r ? null : l ? 'left' : 'right';
}

// A value a statement can normalise in place: a local (`graded_at`) or a field of a parameter typed
// as a request model (`payload.scheduled_for`, `payload: FiringCreate(BaseModel)`) the function goes
// on to store — never an entity's attribute, which the session would write back.
async function assignable(
  operand: string,
  fn: FunctionSummary | undefined,
  python: TemplateContext['python'],
  lines: readonly string[],
  culpritLine: number,
): Promise<string | null> {
  if (!fn || !statementStart(lines, fn.bodyLine, culpritLine)) return null;
  // A parameter, or a local the function assigned above (not a comprehension's or a lambda's name,
  // nor a module global, which an assignment would make local).
  const before = lines.slice(fn.bodyLine - 1, culpritLine - 1);
  const bound = (name: string) =>
    fn.params.includes(name) || before.some((l) => new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)`).test(l));
  if (/^[A-Za-z_]\w*$/.test(operand)) return bound(operand) ? operand : null;
  const field = /^([A-Za-z_]\w*)\.[A-Za-z_]\w*$/.exec(operand);
  const type = field && fn?.params.includes(field[1]!) ? fn.annotations[field[1]!] : null;
  const found = type ? await python.classNamed(type.replace(/^.*\./, '')) : undefined;
  return found?.cls.bases.some((b) => b !== null && /(?:^|\.)BaseModel$/.test(b)) ? operand : null;
}

// Whether the line starts a statement of the function: every bracket opened in the body above it closed.
function statementStart(lines: readonly string[], bodyLine: number, line: number): boolean {
  let depth = 0;
  for (const text of lines.slice(bodyLine - 1, line - 1)) {
    const code = maskStrings(text).slice(0, codeEnd(text));
    depth += (code.match(/[([{]/g) ?? []).length - (code.match(/[)\]}]/g) ?? []).length;
  }
  return depth === 0 && !/\\\s*$/.test(lines[line - 2] ?? '');
}
