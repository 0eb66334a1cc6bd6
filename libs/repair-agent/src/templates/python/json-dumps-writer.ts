import { splitSource } from '../../python/python-edits.js';
import { addPlainImport } from '../../recipes/python/missing-import.js';
import type { RepairTemplate } from '../template.js';
import { codeEnd } from './call-keyword.js';
import { maskStrings } from './expression-text.js';

// json's messages for text that is not JSON from its first characters on (`['a', 'b']`, `{'k': 1}`, `None`).
const NOT_JSON =
  /^(?:Expecting value|Expecting property name enclosed in double quotes): line 1 column \d+ \(char \d+\)$/;
const EXCEPTIONS = ['JSONDecodeError', 'json.JSONDecodeError', 'json.decoder.JSONDecodeError'];

/**
 * Stored text parsed with `json.loads(tutor.subjects_json)` that one writer of the column stores
 * as `str(value)` (Python's repr: `['chemistry', 'biology']`, not JSON) while another writer of
 * the same column stores `json.dumps(value)` → the `str(...)` writer stores `json.dumps(...)`
 * too (`import json` added where missing); the read side is right. Writers are found by the
 * attribute the failing `loads` reads, in every module: `x.col = str(…)`, `col=str(…)` in a call
 * (also opening a line of a call spread over several), `"col": str(…)` in a dict and
 * `data["col"] = str(…)` into one. Without a `json.dumps` writer of that column, the format is not
 * certain: no candidate.
 */
export const pythonJsonDumpsWriter: RepairTemplate = {
  id: 'python.json-dumps-writer',
  language: 'python',
  summary: "store a JSON column with json.dumps where one writer stores str()'s repr",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS, culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!exception || !culprit || !NOT_JSON.test(exception.message.trim())) return;
    const text = splitSource((await tree.read(culprit.file)) ?? '').lines[culprit.line - 1] ?? '';
    const masked = maskStrings(text).slice(0, codeEnd(text));
    const read = /(?<![\w.])(?:json\.)?loads\(\s*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.([A-Za-z_]\w*)\s*\)/.exec(masked);
    const column = read?.[1];
    if (!column) return;
    const writer = (call: string) =>
      new RegExp(
        `(?:\\.${column}\\s*=|[(,]\\s*${column}\\s*=|["']${column}["']\\s*(?::|\\]\\s*=(?!=)))\\s*(${call})\\(`,
        'g',
      );
    // A keyword opening its own line of a call spread over several (`    col=json.dumps(v),`).
    const keyword = (call: string) => new RegExp(`^(\\s*${column}\\s*=\\s*)(${call})\\(`);
    const modules = await python.modules();
    const edits: { file: string; lines: string[]; join: (l: readonly string[]) => string }[] = [];
    let dumps = false;
    for (const [file] of modules) {
      const { lines, join } = splitSource((await tree.read(file)) ?? '');
      let changed = false;
      lines.forEach((line, i) => {
        if (/^\s*#/.test(line)) return;
        const inCall = /[(,]\s*$/.test(maskStrings(previousCode(lines, i)));
        if (writer('json\\.dumps').test(line) || (inCall && keyword('json\\.dumps').test(line))) dumps = true;
        const own = inCall ? keyword('str').exec(line) : null;
        if (own) {
          lines[i] = `${own[1]}json.dumps(${line.slice(own[0].length)}`;
          changed = true;
          return;
        }
        for (const match of [...line.matchAll(writer('str'))].reverse()) {
          const at = match.index + match[0].length - 'str('.length;
          lines[i] = `${lines[i]!.slice(0, at)}json.dumps(${lines[i]!.slice(at + 'str('.length)}`;
          changed = true;
        }
      });
      if (changed) edits.push({ file, lines, join });
    }
    if (!dumps || edits.length === 0) return;
    for (const { file, lines, join } of edits) {
      const module = modules.get(file)!;
      const imported = module.imports.some(
        (i) => i.kind === 'import' && i.names.some((n) => n.name === 'json' && !n.asname),
      );
      await tree.write(file, imported ? join(lines) : addPlainImport(join(lines), module, 'json'));
    }
    yield {
      key: 'python.json-dumps-writer',
      summary:
        `store ${column} with json.dumps, as its other writer does and json.loads ` +
        `at ${culprit.file}:${culprit.line} reads it, in ${edits.map((e) => e.file).join(', ')}`,
      template: { recipe: 'python.json-dumps-writer', parameters: [column] },
    };
  },
};

// The code of the nearest line above that is neither blank nor a comment, without its comment.
function previousCode(lines: readonly string[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    const text = lines[i]!;
    const code = text.slice(0, codeEnd(text)).trimEnd();
    if (code.trim() !== '') return code;
  }
  return '';
}
