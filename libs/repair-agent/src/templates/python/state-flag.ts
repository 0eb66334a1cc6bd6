import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { missingAttribute } from './member-candidates.js';
import { modelColumns } from './model-columns.js';

// A state word compared with a missing attribute: `picker.status != "active"`, `Tool.state == 'retired'`.
const COMPARISON = /(?<![\w.])([A-Za-z_]\w*(?:\.\w+)*)\.(\w+)\s*(==|!=)\s*(["'])([A-Za-z][\w -]*)\4/g;
// Words that say "not" in front of a state (`inactive`, `unpaid`, `not_verified`, `non_member`).
const NEGATION = /^(?:not_|non_|non|in|un)(.+)$/;

/**
 * A state compared as a string where the model keeps it as a boolean flag: `if picker.status !=
 * "active"` on a model whose column is `is_active: Mapped[bool]` raises `AttributeError: 'Picker'
 * object has no attribute 'status'`. The flag the word names (`is_<word>` or `<word>`, typed bool)
 * is what the code asks: `not picker.is_active`; `== "inactive"` → `not picker.is_active` too. On
 * the class in a query (`type object 'Picker'`), the SQL form: `Picker.is_active` / `~Picker.is_active`.
 * Only when the owner is a model with typed columns, the attribute is none of them, and exactly one
 * bool column is named by the word; a string compared with anything but a literal is left alone.
 * `#bool-read`: a missing flag read as a condition (`if not hut.is_open:`) on a model with exactly one
 * bool column holding its word (`open_season`) reads that column.
 */
export const pythonStateFlag: RepairTemplate = {
  id: 'python.state-flag',
  language: 'python',
  summary: 'read a boolean flag column where a missing state attribute is compared with its word',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['AttributeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const missing = exception && culprit ? missingAttribute(exception.message) : null;
    if (!missing || !culprit || missing.ownerKind !== 'class') return;
    const onClass = /^type object /.test(exception!.message);
    const columns = await modelColumns(python, tree, missing.owner);
    if (columns.length === 0 || columns.some((c) => c.name === missing.attribute)) return;
    const flags = new Set(columns.filter((c) => c.type === 'bool' || c.type === 'Boolean').map((c) => c.name));
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const code = text.slice(0, codeEnd(text));
    const edits: { start: number; end: number; by: string }[] = [];
    for (const m of code.matchAll(COMPARISON)) {
      if (m[2] !== missing.attribute) continue;
      const word = m[5]!.toLowerCase().replace(/[ -]/g, '_');
      const named = flagFor(word, flags);
      if (!named) return;
      const holds = (m[3] === '==') !== named.negated;
      const read = `${m[1]}.${named.flag}`;
      const by = holds ? read : onClass ? `~${read}` : `not ${read}`;
      edits.push({ start: m.index!, end: m.index! + m[0].length, by });
    }
    if (edits.length === 0) {
      const read = boolRead(code, missing.attribute, flags);
      if (!read) return;
      lines[culprit.line - 1] = text.slice(0, read.start) + read.flag + text.slice(read.end);
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.state-flag#bool-read',
        summary:
          `read ${missing.owner}.${read.flag}, the one bool column named by ${missing.attribute}, at ` +
          `${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.state-flag#bool-read' },
      };
      return;
    }
    let line = text;
    for (const edit of edits.reverse()) line = line.slice(0, edit.start) + edit.by + line.slice(edit.end);
    lines[culprit.line - 1] = line;
    await tree.write(culprit.file, join(lines));
    yield {
      key: 'python.state-flag#flag',
      summary:
        `${missing.owner}.${missing.attribute} compared with a state word → its bool flag at ` +
        `${culprit.file}:${culprit.line}`,
      template: { recipe: 'python.state-flag#flag' },
    };
  },
};

// The one bool column a state word names, directly (`active` → `is_active`, `active`) or negated
// (`inactive` → not `is_active`); none, or one each way, → null.
function flagFor(word: string, flags: ReadonlySet<string>): { flag: string; negated: boolean } | null {
  const direct = [`is_${word}`, word].filter((f) => flags.has(f));
  const base = NEGATION.exec(word)?.[1];
  const negated = base ? [`is_${base}`, base].filter((f) => flags.has(f)) : [];
  if (direct.length + negated.length !== 1) return null;
  return direct.length === 1 ? { flag: direct[0]!, negated: false } : { flag: negated[0]!, negated: true };
}

// `if not hut.is_open:` where the model's one bool column holding the word is `open_season`: the
// attribute's span on the line and that column. Only a read in a boolean context (`if`, `not`,
// `and`/`or`, `assert`), never an assignment or a call.
function boolRead(
  code: string,
  attribute: string,
  flags: ReadonlySet<string>,
): { start: number; end: number; flag: string } | null {
  const word = /^(?:is|has|can)_(\w+)$/.exec(attribute)?.[1] ?? attribute;
  const named = [...flags].filter((f) => f !== attribute && f.split('_').includes(word));
  if (named.length !== 1) return null;
  const read = new RegExp(
    String.raw`(?:\b(?:if|elif|while|not|and|or|assert)\s+)(?:not\s+)?[A-Za-z_][\w.]*\.(${attribute})\b` +
      String.raw`(?!\s*(?:[=(\[]|\.))`,
  ).exec(code);
  if (!read) return null;
  const start = read.index + read[0].length - attribute.length;
  return { start, end: start + attribute.length, flag: named[0]! };
}
