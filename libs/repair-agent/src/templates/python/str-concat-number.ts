import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate, TemplateContext } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings } from './expression-text.js';

// CPython's message for `"(" + piece.year + ")"` with a number in the chain.
const CONCAT = /^can only concatenate str \(not "(int|float|decimal\.Decimal|Decimal)"\) to str$/;
// A name or attribute chain joined by `+` on either side, not called, indexed or already converted.
const OPERAND = /(?<![\w.])(?<!\bstr\(\s*)([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?![\w.([])/g;

/**
 * A number joined into text with `+` (`piece.title + " (" + piece.year + ")"`) raises `TypeError:
 * can only concatenate str (not "int") to str` → that operand as `str(piece.year)`, its value
 * unchanged. The line must join a string literal with `+`; the operands the project declares as
 * numbers (a model's `year: Mapped[int]`, `Column(Integer)`, a parameter annotated `int`, the `.year`
 * of a parameter annotated `datetime`/`date`) are the
 * candidates; when none is declared, each name or attribute chain joined by `+` is one, in order.
 */
export const pythonStrConcatNumber: RepairTemplate = {
  id: 'python.str-concat-number',
  language: 'python',
  summary: 'join a number into text as str(x)',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates(context) {
    const { exception, culprit, tree } = context;
    const kind = exception ? CONCAT.exec(exception.message.trim())?.[1] : undefined;
    if (!kind || !culprit) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const text = splitSource(source).lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text).slice(0, codeEnd(text));
    if (!/["']\s*\+|\+\s*[rRbBfFuU]?["']/.test(masked)) return;
    const joined = [...masked.matchAll(OPERAND)].filter(
      (m) => /\+\s*$/.test(masked.slice(0, m.index)) || /^\s*\+/.test(masked.slice(m.index + m[0].length)),
    );
    const declared: typeof joined = [];
    for (const m of joined) if (await declaredNumber(context, m[1]!)) declared.push(m);
    for (const m of declared.length > 0 ? declared : joined) {
      const { lines, join } = splitSource(source);
      lines[culprit.line - 1] = `${text.slice(0, m.index)}str(${m[1]})${text.slice(m.index + m[0].length)}`;
      await tree.write(culprit.file, join(lines));
      const key = declared.length > 0 ? 'declared' : 'operand';
      yield {
        // One key per operand: a rejected one does not hide the next.
        key: `python.str-concat-number#${key}@${m[1]}`,
        summary: `str(${m[1]}) for the ${kind} joined into text at ${culprit.file}:${culprit.line}`,
        template: { recipe: `python.str-concat-number#${key}` },
      };
    }
  },
};

// Whether the project declares `x.member` (any class's member) or the parameter `x` as a number.
async function declaredNumber({ tree, python, culprit }: TemplateContext, operand: string): Promise<boolean> {
  const member = /\.(\w+)$/.exec(operand)?.[1];
  // A date's or a datetime's own numbers (`starts_at.year`), of a parameter annotated as one.
  const base = /^(\w+)\.(?:year|month|day|hour|minute|second|microsecond)$/.exec(operand)?.[1];
  if (base) {
    const fn = culprit ? await python.functionAt(culprit.file, culprit.line) : undefined;
    if (/^(?:datetime|date|datetime\.\w+)$/.test(fn?.annotations[base] ?? '')) return true;
  }
  if (!member) {
    const fn = culprit ? await python.functionAt(culprit.file, culprit.line) : undefined;
    return /^(?:int|float|Decimal)$/.test(fn?.annotations[operand] ?? '');
  }
  const typed = new RegExp(
    `^\\s+${member}\\s*:\\s*(?:Mapped\\[\\s*)?(?:int|float|Decimal)\\b|^\\s+${member}\\s*(?::[^=\\n]*)` +
      `?=\\s*(?:\\w+\\.)?(?:mapped_column|Column)\\(\\s*(?:\\w+\\.)?(?:Integer|BigInteger|SmallInteger|Float|Numeric)` +
      `\\b`,
    'm',
  );
  for (const file of (await tree.list()).filter((f) => f.endsWith('.py'))) {
    if (typed.test((await tree.read(file)) ?? '')) return true;
  }
  return false;
}
