import { splitSource } from '../../python/python-edits.js';
import { closestFieldName } from '../../similarity.js';
import type { RepairTemplate } from '../template.js';
import { requestFrames } from './trace-frames.js';

const ID = 'python.dumped-key';
const NOT_NULL = /NOT NULL constraint failed: \w+\.(\w+)|null value in column "(\w+)"/;

/**
 * A request model dumped to a dict (`data = payload.model_dump()`) and read under a key the model
 * does not have (`data.get("property")` for `property_name`): the value is None, and the row is
 * refused (`NOT NULL constraint failed: jobs.property_name`), or `data["property"]` raises KeyError →
 * the field the key stands for (`closestFieldName`), which the refused column names when there is
 * one. Only a dict the failing function dumps from a parameter typed with a project class; a key
 * the class has, or one no single field stands for: no candidate.
 */
export const pythonDumpedKey: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: "read a dumped request model's dict under the field's own name",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'] },
  async *candidates(context) {
    const { exception, tree, python } = context;
    const message = exception?.message ?? '';
    const refused = NOT_NULL.exec(message);
    const column = refused ? (refused[1] ?? refused[2])! : null;
    const missingKey = /^'(\w+)'$/.exec(message.trim())?.[1];
    if (!column && !(exception?.type.endsWith('KeyError') && missingKey)) return;
    for (const frame of await requestFrames(context)) {
      const source = await tree.read(frame.file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      const body = lines.slice(frame.fn.bodyLine - 1, frame.fn.endLine);
      for (const param of frame.fn.params) {
        const cls = frame.fn.annotations[param]?.replace(/^.*\./, '');
        const found = cls ? await python.classNamed(cls) : undefined;
        if (!found) continue;
        const fields = (await python.classMembers(found.cls.name)).filter(
          (f) => !f.startsWith('_') && f !== 'model_config',
        );
        const dumped = body
          .map((l) => new RegExp(`^\\s*(\\w+)\\s*=\\s*${param}\\.(?:model_dump|dict)\\(`).exec(l)?.[1])
          .filter((v): v is string => v !== undefined);
        for (const dict of new Set(dumped)) {
          const read = new RegExp(`\\b${dict}(?:\\.get\\(\\s*|\\[\\s*)(["'])(\\w+)\\1`, 'g');
          const wrong = [...new Set(body.flatMap((l) => [...l.matchAll(read)].map((m) => m[2]!)))].filter(
            (k) => !fields.includes(k) && (missingKey === undefined || k === missingKey),
          );
          for (const key of wrong) {
            const field = closestFieldName(key, fields);
            if (!field || (column !== null && field !== column)) continue;
            const out = [...lines];
            for (let i = frame.fn.bodyLine - 1; i < frame.fn.endLine; i++)
              out[i] = out[i]!.replace(
                new RegExp(`(\\b${dict}(?:\\.get\\(\\s*|\\[\\s*))(["'])${key}\\2`, 'g'),
                (_, head: string, q: string) => `${head}${q}${field}${q}`,
              );
            await tree.write(frame.file, join(out));
            yield {
              key: ID,
              summary:
                `read ${dict}["${field}"], the ${found.cls.name} field, not "${key}" ` +
                `(${frame.file}:${frame.fn.line})`,
              template: { recipe: ID },
            };
            return;
          }
        }
      }
    }
  },
};
