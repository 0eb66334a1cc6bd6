import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';

const ID = 'python.reparsed-value';
// CPython's words for a parse given a value that is no longer a string.
const NOT_STR = [/^fromisoformat: argument must be str$/, /^strptime\(\) argument 1 must be str, not [\w.]+$/];
// `date.fromisoformat(data.cut_on)`, `datetime.strptime(body.at, FMT)` on one line.
const PARSE = new RegExp(
  String.raw`(?<![\w.])(?:datetime\.)?(date|datetime)\.` +
    String.raw`(?:fromisoformat\(\s*(\w+)\.(\w+)\s*\)|strptime\(\s*(\w+)\.(\w+)\s*,[^()]*\))`,
);

/**
 * A value parsed again that the request model already parsed: `date.fromisoformat(data.cut_on)`
 * where `CutIn.cut_on: date` is a date by the time the handler runs → `TypeError:
 * fromisoformat: argument must be str` (or `strptime() argument 1 must be str, not datetime.date`) →
 * the parsed value itself (`data.cut_on`). Evidence, all required: that TypeError at the
 * culprit line; the line parses `p.f` with `date.`/`datetime.` `fromisoformat`/`strptime`; `p` is a
 * parameter of the culprit's function annotated with a project class whose field `f` is annotated
 * with the very type the parse produces (`date` for `date.…`, `datetime` for `datetime.…`): the
 * value keeps its type and its meaning. Otherwise no candidate.
 */
export const pythonReparsedValue: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'use the value the request model already parsed instead of parsing it again',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['TypeError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!culprit || !NOT_STR.some((m) => m.test(exception?.message.trim() ?? ''))) return;
    const fn = await python.functionAt(culprit.file, culprit.line);
    const source = await tree.read(culprit.file);
    if (!fn || source === null) return;
    const { lines, join } = splitSource(source);
    const text = lines[culprit.line - 1] ?? '';
    const m = PARSE.exec(text.slice(0, codeEnd(text)));
    if (!m) return;
    const type = m[1]!;
    const [param, field] = m[2] ? [m[2], m[3]!] : [m[4]!, m[5]!];
    const annotation = fn.annotations[param];
    const found = annotation ? await python.classNamed(annotation) : undefined;
    if (!found) return;
    const model = splitSource((await tree.read(found.file)) ?? '').lines;
    const typed = new RegExp(`^\\s+${field}\\s*:\\s*(?:datetime\\.)?${type}\\s*(?:=.*)?$`);
    const body = model.slice(found.cls.line, found.cls.endLine);
    if (!body.some((l) => typed.test(l.slice(0, codeEnd(l))))) return;
    lines[culprit.line - 1] = text.replace(m[0], `${param}.${field}`);
    await tree.write(culprit.file, join(lines));
    yield {
      key: ID,
      summary:
        `use ${param}.${field}, already a ${type} (${found.cls.name}.${field}), ` +
        `not ${m[0]} at ${culprit.file}:${culprit.line}`,
      template: { recipe: ID },
    };
  },
};
