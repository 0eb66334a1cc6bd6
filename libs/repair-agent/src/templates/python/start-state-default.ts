import { splitSource } from '../../python/python-edits.js';
import type { ParsedModule } from '../../python/module-summary.js';
import type { RepairTemplate } from '../template.js';
import { maskStrings } from './expression-text.js';

const EXCEPTIONS = ['IntegrityError', 'sqlalchemy.exc.IntegrityError'];
// `status: Mapped[str] = mapped_column(String(20), nullable=False)` on one line.
const DECLARED = (column: string) =>
  new RegExp(`^(\\s+${column}\\s*(?::[^=]+)?=\\s*(?:mapped_column|Column|db\\.Column)\\()(.*)\\)\\s*(?:#.*)?$`);

/**
 * A create never sets a state column (`IntegrityError: NOT NULL constraint failed: lessons.status`)
 * and the code's transitions say which state rows start in: a function that moves a row on
 * (`lesson.status = "completed"`) first refuses any row not in one state (`if lesson.status !=
 * "scheduled": raise …`), and nothing ever moves a row back to it → that state becomes the
 * column's default in its model (`mapped_column(…, default="scheduled")`), so every create starts
 * there. Only when exactly one such state exists, is a string literal or a member of an enum the
 * model's module defines or imports, and the column's one-line declaration has no default yet.
 */
export const pythonStartStateDefault: RepairTemplate = {
  id: 'python.start-state-default',
  language: 'python',
  summary: 'default a state column nothing sets on create to the state every transition starts from',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS },
  async *candidates({ exception, python, tree }) {
    const message = exception?.message ?? '';
    const named =
      /NOT NULL constraint failed: (\w+)\.(\w+)/.exec(message) ??
      /null value in column "(\w+)" of relation "(\w+)"/.exec(message);
    if (!named) return;
    const [table, column] = message.includes('NOT NULL') ? [named[1]!, named[2]!] : [named[2]!, named[1]!];
    const modules = await python.modules();
    const starts = new Set<string>();
    const assigned = new Set<string>();
    let model: { file: string; line: number; module: ParsedModule } | null = null;
    for (const [file, module] of modules) {
      const { lines } = splitSource((await tree.read(file)) ?? '');
      for (const cls of module.classes) {
        const body = lines.slice(cls.line - 1, cls.endLine);
        if (!body.some((l) => new RegExp(`__tablename__\\s*(?::[^=]+)?=\\s*["']${table}["']`).test(l))) continue;
        const at = body.findIndex((l) => DECLARED(column).test(l));
        if (at >= 0) model = { file, line: cls.line + at, module };
      }
      for (const fn of module.functions) {
        const text = lines.slice(fn.bodyLine - 1, fn.endLine);
        const sets = text.flatMap((l) => {
          const m = new RegExp(`^\\s*[\\w.]+\\.${column}\\s*=(?!=)\\s*(.+?)\\s*(?:#.*)?$`).exec(l);
          return m ? [m[1]!] : [];
        });
        sets.forEach((v) => assigned.add(v));
        text.forEach((l, i) => {
          const guard = new RegExp(`^\\s*if\\s+[\\w.]+\\.${column}\\s*!=\\s*(.+?)\\s*:\\s*(?:#.*)?$`).exec(l);
          const refused = /^\s*raise\b/.test(text.slice(i + 1).find((n) => n.trim() !== '') ?? '');
          if (guard && refused && sets.some((v) => v !== guard[1])) starts.add(guard[1]!);
        });
      }
    }
    const start = starts.size === 1 ? [...starts][0]! : null;
    if (!model || !start || assigned.has(start) || !usable(start, model.module)) return;
    const source = (await tree.read(model.file))!;
    const { lines, join } = splitSource(source);
    const declared = DECLARED(column).exec(lines[model.line - 1]!);
    if (!declared || /#|\b(?:server_)?default\s*=/.test(maskStrings(declared[2]!))) return;
    lines[model.line - 1] = `${declared[1]}${declared[2]}, default=${start})`;
    await tree.write(model.file, join(lines));
    yield {
      key: 'python.start-state-default#model',
      summary: `default ${table}.${column} to ${start}, the state the code's transitions start from (${model.file})`,
      template: { recipe: 'python.start-state-default#model' },
    };
  },
};

/** A string literal, or `Enum.MEMBER(.value)` of an enum the model's module defines or imports. */
function usable(value: string, module: ParsedModule): boolean {
  if (/^(["'])[\w -]*\1$/.test(value)) return true;
  const root = /^([A-Z]\w*)\.[A-Z_][A-Z0-9_]*(?:\.value)?$/.exec(value)?.[1];
  if (!root) return false;
  return (
    module.classes.some((c) => c.name === root) ||
    module.imports.some((i) => i.names.some((n) => (n.asname ?? n.name) === root))
  );
}
