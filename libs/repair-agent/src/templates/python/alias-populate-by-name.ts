import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';

const EXCEPTIONS = [
  'ValidationError',
  'pydantic.ValidationError',
  'pydantic_core.ValidationError',
  'pydantic_core._pydantic_core.ValidationError',
];

/**
 * A pydantic v2 model with an `alias_generator` (camelCase on the wire) and no `populate_by_name`
 * validates only by alias: built from an ORM object (`from_attributes`) or a snake_case dict it
 * looks for `vehicleId` and reports `N validation errors for TripOut … Field required` → the
 * model's `ConfigDict(...)` gets `populate_by_name=True`, so fields are found by name too; the
 * wire format (the aliases) is unchanged. Only for the class the error names, when its own
 * config sets an alias generator; removing the generator is never proposed.
 */
export const pythonAliasPopulateByName: RepairTemplate = {
  id: 'python.alias-populate-by-name',
  language: 'python',
  summary: 'let a model with an alias generator be filled by field name',
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], exceptions: EXCEPTIONS },
  async *candidates({ exception, python, tree }) {
    const name = /^\d+ validation errors? for (\w+)/.exec(exception?.message.trim() ?? '')?.[1];
    const found = name ? await python.classNamed(name) : undefined;
    const source = found ? await tree.read(found.file) : null;
    if (!found || source === null) return;
    const { lines, join } = splitSource(source);
    for (let i = found.cls.line; i < Math.min(found.cls.endLine, lines.length); i++) {
      const config = /^(\s*model_config\s*(?::[^=]+)?=\s*ConfigDict\()(.*)$/.exec(lines[i]!);
      if (!config) continue;
      const end = lines.slice(i, found.cls.endLine).findIndex((l) => /\)\s*(?:#.*)?$/.test(l));
      const whole = lines.slice(i, i + Math.max(end, 0) + 1).join('\n');
      if (!/\balias_generator\s*=/.test(whole) || /\b(?:populate_by_name|validate_by_name)\s*=/.test(whole)) return;
      // One argument per line stays one per line; a one-line call gets it first.
      if (config[2]!.trim() === '')
        lines.splice(i + 1, 0, `${/^\s*/.exec(lines[i + 1] ?? '')![0]}populate_by_name=True,`);
      else lines[i] = `${config[1]}populate_by_name=True, ${config[2]}`;
      await tree.write(found.file, join(lines));
      yield {
        key: 'python.alias-populate-by-name#config',
        summary:
          `populate_by_name=True in ${name}'s model_config at ${found.file}:${i + 1} (its alias generator ` +
          `hid the field names)`,
        template: { recipe: 'python.alias-populate-by-name#config' },
      };
      return;
    }
  },
};
