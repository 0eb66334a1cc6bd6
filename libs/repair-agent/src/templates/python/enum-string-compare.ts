import type { Violation } from '@smoke-repair/smoke-validator';
import { importAliases, moduleNameOf } from '../../python/module-names.js';
import type { FunctionSummary } from '../../python/module-summary.js';
import { addFromImport } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import { refusedViolations } from '../shared/refusals.js';
import { siteKey, type RepairTemplate } from '../template.js';
import { causePath } from './call-path.js';
import { maskStrings } from './expression-text.js';
import { modelColumns } from './model-columns.js';

const ID = 'python.enum-string-compare';
// Project functions followed from the handler through the calls it makes.
const DEPTH = 3;
// pytest's words for a refused request: `assert 409 == 200` (the answer's status, then the one the test wanted).
const TEST_REFUSAL = /\bassert (4\d\d) == (2\d\d)\b/;
// `block.status != "raw"` / `block.status == 'raw'`: an attribute of a name compared with a string literal.
const COMPARISON = /(?<![\w.])(\w+)\.(\w+)\s*(==|!=)\s*(["'])([^"'\\]*)\4/g;

/** A plain enum of the project: its name, module and members (name → value). */
interface PlainEnum {
  readonly name: string;
  readonly file: string;
  readonly members: Record<string, string>;
}

/**
 * A guard compares a column holding a plain `enum.Enum` member with a string (`if block.status !=
 * "raw":`): a plain Enum member never equals its value, so the comparison is always unequal and a
 * valid request is refused (`409 "Block is already raw"` where the contract or the test expects
 * success) → the member itself, `block.status != BlockStatus.raw` (imported where the module lacks
 * it). Evidence: a 4xx where success is expected (the smoke's violation, or the test's `assert 409
 * == 200`); on the route's path (three calls deep) a comparison of `x.attr` with a literal that is
 * exactly one member's value of the enum that the model's `attr` column is annotated with
 * (`Mapped[BlockStatus]`): the model `x` is loaded or built as, or annotated with, in the function,
 * else every model declaring `attr`, agreeing. The guard stays: a block really
 * split is still refused. Must not fire on a `str` (or `StrEnum`/`IntEnum`) enum, which does equal
 * its value, a literal no member has, or an attribute no model types with an enum.
 */
export const pythonEnumStringCompare: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'a guard compares a plain Enum column with a string (never equal) → compare with the member',
  evidence: { kinds: ['status_mismatch', 'test_failure'] },
  async *candidates({ cause, tree, python }) {
    if (!cause.violations.some(refused)) return;
    for await (const { file, fn } of causePath(python, cause, DEPTH)) {
      const source = await tree.read(file);
      const module = (await python.modules()).get(file);
      if (source === null || !module) continue;
      const lines = source.split('\n');
      const edits: { line: number; from: string; to: string; enumType: PlainEnum }[] = [];
      for (let i = fn.bodyLine - 1; i < fn.endLine; i++) {
        // Only a comparison in code: the mask blanks string text, so a match must start where the code has it.
        const code = maskStrings(lines[i]!);
        for (const m of lines[i]!.matchAll(COMPARISON)) {
          if (code.slice(m.index, m.index + m[1]!.length) !== m[1]) continue;
          const enumType = await columnEnum(python, tree, m[2]!, objectModel(lines, fn, m[1]!));
          const member = enumType && Object.entries(enumType.members).find(([, v]) => v === m[5])?.[0];
          if (!enumType || !member) continue;
          edits.push({ line: i, from: m[0], to: `${m[1]}.${m[2]} ${m[3]} ${enumType.name}.${member}`, enumType });
        }
      }
      if (edits.length === 0) continue;
      for (const e of edits) lines[e.line] = lines[e.line]!.replace(e.from, e.to);
      let fixed = lines.join('\n');
      const aliases = importAliases(file, module);
      for (const name of new Set(edits.map((e) => e.enumType.name))) {
        const target = edits.find((e) => e.enumType.name === name)!.enumType;
        if (!aliases.has(name) && target.file !== file)
          fixed = addFromImport(fixed, module, moduleNameOf(target.file), name);
      }
      await tree.write(file, fixed);
      const at = edits[0]!.line + 1;
      yield {
        key: siteKey(ID, file, at),
        summary:
          `compare ${edits.map((e) => e.to).join(', ')} at ${file}:${at}: a plain Enum member never equals ` +
          `its string value, so the guard refused valid requests`,
        template: { recipe: ID },
      };
      return;
    }
  },
};

// A request the contract or the test expects to succeed, answered with a 4xx.
function refused(v: Violation): boolean {
  return refusedViolations([v]).length > 0 || TEST_REFUSAL.test(v.message ?? '');
}

// The model a name of the function holds: a parameter annotated with it, or a local loaded or built as one
// (`block = db.get(Block, block_id)`, `block = Block(…)`); null when the function does not say.
function objectModel(lines: readonly string[], fn: FunctionSummary, name: string): string | null {
  const annotated = fn.annotations[name]?.replace(/^.*\./, '');
  if (annotated && /^[A-Z]\w*$/.test(annotated)) return annotated;
  const loaded = new RegExp(
    String.raw`^\s*${name}\s*(?::[^=]+)?=\s*(?:await\s+)?(?:[\w.]*\.get\(\s*([A-Z]\w*)\s*,|([A-Z]\w*)\()`,
  );
  for (const line of lines.slice(fn.bodyLine - 1, fn.endLine)) {
    const m = loaded.exec(line);
    if (m) return m[1] ?? m[2]!;
  }
  return null;
}

// The plain enum the model (else every project model declaring `attr`) types the column `attr` with; null when
// none does, they disagree, or the enum mixes in `str`/`int` (its members equal their values, the comparison is
// right).
async function columnEnum(
  python: PythonProject,
  tree: SourceTree,
  attr: string,
  model: string | null,
): Promise<PlainEnum | null> {
  const types = new Set<string>();
  const models = model ? [model] : [...(await python.modules()).values()].flatMap((m) => m.classes.map((c) => c.name));
  for (const name of models)
    for (const column of await modelColumns(python, tree, name))
      if (column.name === attr && column.type) types.add(column.type);
  if (types.size !== 1) return null;
  const found = await python.classNamed([...types][0]!);
  if (!found?.cls.defaults) return null;
  const bases = found.cls.bases.map((b) => b ?? '');
  if (!bases.some((b) => /(?:^|\.)Enum$/.test(b)) || bases.some((b) => /^str$|^int$|StrEnum|IntEnum|Flag/.test(b)))
    return null;
  return { name: found.cls.name, file: found.file, members: found.cls.defaults };
}
