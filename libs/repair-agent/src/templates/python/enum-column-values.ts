import { splitSource } from '../../python/python-edits.js';
import type { ClassSummary } from '../../python/module-summary.js';
import type { PythonProject } from '../../python/python-project.js';
import type { SourceTree } from '../../source/source-tree.js';
import type { RepairTemplate } from '../template.js';
import { enumNamed, parseMessage } from './enum-value.js';

const BY_VALUE = 'values_callable=lambda e: [m.value for m in e]';

/**
 * SQLAlchemy's `Enum(Grade)` column stores and reads the members' NAMES (`STANDARD`); data written
 * by value (`'standard'`, a seed script, another service) then fails to load: `LookupError:
 * 'standard' is not among the defined enum values. Enum name: grade. Possible values: PREMIUM,
 * STANDARD, …` → the column maps by value (`Enum(Grade, values_callable=lambda e: [m.value for m in
 * e])`). Only when the stored string is exactly one member's value, the message lists the
 * members' names (not their values), and no code writes a member's name as a string
 * (`server_default="STANDARD"`); every column of that enum without a `values_callable` gets it.
 * A literal in code that spells no member is python.enum-value's.
 */
export const pythonEnumColumnValues: RepairTemplate = {
  id: 'python.enum-column-values',
  language: 'python',
  summary: 'map an Enum column by its members’ values, as the stored data has them',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['LookupError'] },
  async *candidates({ exception, tree, python }) {
    const message = exception?.message ?? '';
    const parsed = parseMessage(message);
    const listed = /Possible values: (.+)$/.exec(message)?.[1]?.split(/,\s*/)[0]?.replace(/\.+$/, '');
    if (!parsed || !listed) return;
    const found = await enumNamed(python, parsed.enumName);
    if (!found) return;
    const members = Object.entries(found.values);
    const byValue = members.filter(([, value]) => value === parsed.value);
    if (byValue.length !== 1 || found.values[parsed.value] !== undefined || !(listed in found.values)) return;
    // Data the code itself writes by name (`server_default="STANDARD"`, a quoted member name) would
    // fail the other way once the columns map by value.
    if (
      await namesWritten(
        python,
        tree,
        members.map(([name]) => name),
      )
    )
      return;
    const column = new RegExp(
      `\\b((?:sa\\.|sqlalchemy\\.)?(?:SA)?Enum\\(\\s*${found.name}\\b)(?![^)]*values_callable)`,
    );
    const edited: string[] = [];
    for (const [file, module] of await python.modules()) {
      if (module.classes.length === 0) continue;
      const source = await tree.read(file);
      if (source === null || !source.includes(found.name)) continue;
      const { lines, join } = splitSource(source);
      let changed = false;
      for (let i = 0; i < lines.length; i++) {
        // Every column of the enum, one line or several (`mapped_column(\n SAEnum(Grade), …)`).
        if (!inClass(module.classes, i + 1)) continue;
        const next = lines[i]!.replace(column, `$1, ${BY_VALUE}`);
        changed ||= next !== lines[i];
        lines[i] = next;
      }
      if (!changed) continue;
      await tree.write(file, join(lines));
      edited.push(file);
    }
    if (edited.length === 0) return;
    yield {
      key: 'python.enum-column-values',
      summary: `map ${found.name} columns by value ('${parsed.value}' is stored) in ${edited.join(', ')}`,
      template: { recipe: 'python.enum-column-values' },
    };
  },
};

function inClass(classes: readonly ClassSummary[], line: number): boolean {
  return classes.some((c) => c.line <= line && line <= c.endLine);
}

// Whether a member's name is written as a string anywhere in the project's code (`"STANDARD"`).
async function namesWritten(
  python: PythonProject,
  tree: Pick<SourceTree, 'read'>,
  names: readonly string[],
): Promise<boolean> {
  const quoted = new RegExp(`(["'])(?:${names.map((n) => n.replace(/\W/g, '')).join('|')})\\1`);
  for (const file of (await python.modules()).keys()) if (quoted.test((await tree.read(file)) ?? '')) return true;
  return false;
}
