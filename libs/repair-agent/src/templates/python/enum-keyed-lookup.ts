import { splitSource } from '../../python/python-edits.js';
import type { PythonProject } from '../../python/python-project.js';
import type { RepairTemplate } from '../template.js';
import { closingParen, codeEnd } from './call-keyword.js';
import { textBetween, topLevelSplit } from './member-candidates.js';

/**
 * `TABLE[x.status]` where `TABLE` is a dict literal keyed by members of one project enum
 * (`{Color.RED: …, Color.BLUE: …}`) and the key looked up is the raw stored string → `KeyError:
 * 'red'`. When the missing key is the value of exactly one member of that enum, the lookup
 * converts it: `TABLE[Color(x.status)]`, so every stored value finds its entry. A `.get(…, default)`
 * is never proposed: it would answer every lookup with the default. An enum looked up by member
 * NAME with a member's VALUE (`Status[body.status]`, `KeyError: 'checked_in'` where
 * `CHECKED_IN = "checked_in"`) → by value: `Status(body.status)`.
 */
export const pythonEnumKeyedLookup: RepairTemplate = {
  id: 'python.enum-keyed-lookup',
  language: 'python',
  summary: 'convert a stored string to its enum member before looking it up in an enum-keyed dict',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: ['KeyError'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    const value = /^['"]([^'"]+)['"]$/.exec(exception?.message.trim() ?? '')?.[1];
    if (!value || !culprit) return;
    const source = await tree.read(culprit.file);
    if (source === null) return;
    const { lines, join } = splitSource(source);
    const line = lines[culprit.line - 1] ?? '';
    const code = line.slice(0, codeEnd(line));
    for (const lookup of code.matchAll(/(?<![\w.])([A-Za-z_]\w*)\[(?!['"\d])([^[\]]+)\]/g)) {
      const [whole, table, key] = lookup;
      // `Status[body.status]` looks a member up by NAME; the value sent is a member's VALUE.
      const byName = await memberWithValue(python, table!, value);
      if (byName && !(await hasMemberNamed(python, table!, value))) {
        lines[culprit.line - 1] =
          `${line.slice(0, lookup.index)}${table}(${key!.trim()})${line.slice(lookup.index + whole!.length)}`;
        await tree.write(culprit.file, join(lines));
        yield {
          key: 'python.enum-keyed-lookup#by-value',
          summary:
            `look ${table} up by value, ${table}(${key!.trim()}) ('${value}' is the value ` +
            `of ${table}.${byName}) at ${culprit.file}:${culprit.line}`,
          template: { recipe: 'python.enum-keyed-lookup#by-value', enum: table },
        };
        return;
      }
      const enumName = enumKeysOf(lines, table!);
      if (!enumName || key!.trim().startsWith(`${enumName}(`)) continue;
      const member = await memberWithValue(python, enumName, value);
      if (!member) continue;
      lines[culprit.line - 1] =
        `${line.slice(0, lookup.index)}${table}[${enumName}(${key!.trim()})` +
        `]${line.slice(lookup.index + whole!.length)}`;
      await tree.write(culprit.file, join(lines));
      yield {
        key: 'python.enum-keyed-lookup#member',
        summary:
          `look ${table} up by ${enumName}(${key!.trim()}) (its keys are ${enumName} members) ` +
          `at ${culprit.file}:${culprit.line}`,
        template: { recipe: 'python.enum-keyed-lookup#member', enum: enumName },
      };
      return;
    }
  },
};

// The enum a module-level dict literal is keyed by, when every key is `Enum.MEMBER` of one class.
function enumKeysOf(lines: readonly string[], table: string): string | null {
  return enumTableEntries(lines, table)?.enumName ?? null;
}

/** A module-level dict literal whose every key is a member of one enum (`{Color.RED: …}`). */
export interface EnumTable {
  readonly enumName: string;
  /** The member names keyed. */
  readonly keys: readonly string[];
  /** Each entry's value, as written. */
  readonly values: readonly string[];
  /** 0-based line of `TABLE = {`. */
  readonly line: number;
  /** Its closing brace (0-based line). */
  readonly close: { line: number; index: number };
}

/** The entries of `table` when it is a module-level dict literal keyed by members of one enum, else null. */
export function enumTableEntries(lines: readonly string[], table: string): EnumTable | null {
  const at = lines.findIndex((l) => new RegExp(`^${table}\\s*(?::[^=]*)?=\\s*\\{`).test(l));
  if (at < 0) return null;
  const open = lines[at]!.indexOf('{');
  const close = closingParen(lines, at + 1, open);
  if (!close) return null;
  const entries = topLevelSplit(textBetween(lines, at, open + 1, close))
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*:\s*([\s\S]*)$/.exec(e));
  const owners = new Set(entries.map((e) => e?.[1] ?? null));
  const [only] = owners;
  if (owners.size !== 1 || !only) return null;
  return {
    enumName: only,
    keys: entries.map((e) => e![2]!),
    values: entries.map((e) => e![3]!.trim()),
    line: at,
    close,
  };
}

async function hasMemberNamed(python: PythonProject, enumName: string, name: string): Promise<boolean> {
  const found = await python.classNamed(enumName);
  return Object.keys(found?.cls.defaults ?? {}).includes(name);
}

async function memberWithValue(python: PythonProject, enumName: string, value: string): Promise<string | null> {
  const found = await python.classNamed(enumName);
  if (!found || !found.cls.bases.some((b) => b !== null && /Enum$/.test(b)) || !found.cls.defaults) return null;
  const members = Object.entries(found.cls.defaults).filter(([, v]) => v === value);
  return members.length === 1 ? members[0]![0] : null;
}
