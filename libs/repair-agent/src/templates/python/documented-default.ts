import { addFromImport, splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { objectShape } from './contract-schema.js';
import { indentUnit } from './expression-text.js';
import { requestFrames } from './trace-frames.js';

const ID = 'python.documented-default';
const EXCEPTIONS = ['IntegrityError', 'sqlalchemy.exc.IntegrityError', 'sqlite3.IntegrityError'];
// The contract's words for a field the server fills when the client leaves it out.
const TODAY = /\bdefaults?\s+to\s+(?:today|the\s+current\s+date|the\s+date\s+of\s+the\s+request)\b/i;

/**
 * A create fails `NOT NULL constraint failed: members.enrolled_on` because the request field is
 * optional and documented to default to today (`enrolled_on: … "Defaults to today when omitted"`),
 * yet the create passes the None it received through to the row → fill the documented default
 * where the create reads the request: after `data = payload.model_dump()`, `if data["enrolled_on"] is
 * None: data["enrolled_on"] = date.today()`, or `enrolled_on=payload.enrolled_on` becomes `… if … is not
 * None else date.today()`. Never the column made nullable, never the field made required. Evidence,
 * all required: the column is an optional property of the operation's request body whose
 * description documents the today default; a function on the request's path dumps the body into a
 * local, or passes the field by keyword. Otherwise no candidate.
 */
export const pythonDocumentedDefault: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'fill the default the contract documents for an optional field a NOT NULL column needs',
  evidence: {
    kinds: ['runtime_error', 'crash', 'test_failure'],
    exceptions: EXCEPTIONS,
    culprit: true,
    contract: true,
  },
  async *candidates(context) {
    const { exception, operation, tree, python } = context;
    const message = exception?.message ?? '';
    const column =
      /NOT NULL constraint failed: \w+\.(\w+)/.exec(message)?.[1] ?? /null value in column "(\w+)"/.exec(message)?.[1];
    const body = objectShape(operation?.requestBody?.schema);
    if (!column || !body || body.required.includes(column)) return;
    const description = body.properties[column]?.['description'];
    if (typeof description !== 'string' || !TODAY.test(description)) return;
    for (const { file, fn } of await requestFrames(context)) {
      const source = await tree.read(file);
      const module = (await python.modules()).get(file);
      if (source === null || !module) continue;
      const { lines, join } = splitSource(source);
      const out = [...lines];
      let at = -1;
      for (let i = fn.bodyLine - 1; i < fn.endLine && at < 0; i++) {
        const line = lines[i] ?? '';
        // `data = payload.model_dump()`: the dict the row is built from.
        const dumped = /^(\s*)(\w+)\s*=\s*\w+\.(?:model_dump|dict)\([^()]*\)\s*$/.exec(line);
        if (dumped && new RegExp(`\\*\\*${dumped[2]}\\b`).test(lines.slice(i + 1, fn.endLine).join('\n'))) {
          const key = `${dumped[2]}["${column}"]`;
          out.splice(
            i + 1,
            0,
            `${dumped[1]}if ${key} is None:`,
            `${dumped[1]}${indentUnit(lines)}${key} = date.today()`,
          );
          at = i;
          continue;
        }
        // `enrolled_on=payload.enrolled_on` in the constructor call.
        const passed = new RegExp(`\\b${column}\\s*=\\s*(\\w+\\.${column})\\b(?!\\s*(?:if|or)\\b)`).exec(line);
        if (passed) {
          out[i] = line.replace(passed[0], `${column}=${passed[1]} if ${passed[1]} is not None else date.today()`);
          at = i;
        }
      }
      if (at < 0) continue;
      await tree.write(file, addFromImport(join(out), module, 'datetime', 'date'));
      yield {
        key: ID,
        summary: `${column} defaults to today, as the contract documents, at ${file}:${at + 1} (not None)`,
        template: { recipe: ID },
      };
      return;
    }
  },
};
