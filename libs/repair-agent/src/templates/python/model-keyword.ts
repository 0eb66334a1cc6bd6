import { splitSource } from '../../python/python-edits.js';
import type { RepairTemplate } from '../template.js';
import { closestFieldMeaning } from './field-meaning.js';

/**
 * `pydantic ValidationError: N validation error(s) for Model` raised where the code builds
 * `Model(..., upcoming_event_count=n)`: pydantic ignores a keyword that is no field (the value is
 * lost) and then misses the required field it was meant for → rename each such keyword to the
 * model field (its own or inherited, not passed already) it means by spelling or word stems.
 * A keyword that is a field, or one with no certain counterpart, is left alone.
 */
export const pythonModelKeyword: RepairTemplate = {
  id: 'python.model-keyword',
  language: 'python',
  summary: "pass a pydantic model's field under its own name where a stray keyword stands for it",
  evidence: { kinds: ['runtime_error', 'crash', 'test_failure'], culprit: true },
  async *candidates({ exception, culprit, tree, python }) {
    if (!exception || !/ValidationError$/.test(exception.type) || !culprit) return;
    const model = /^\d+ validation errors? for (\w+)/.exec(exception.message)?.[1];
    const fn = model ? await python.functionAt(culprit.file, culprit.line) : undefined;
    const found = model ? await python.classNamed(model) : undefined;
    const call = fn?.calls.find((c) => c.name === model && c.line <= culprit.line && culprit.line <= c.endLine);
    const source = await tree.read(culprit.file);
    if (!model || !found || !call || source === null) return;
    const fields = (await python.classMembers(model)).filter(
      (f) => !f.startsWith('_') && f !== 'model_config' && !found.cls.methods.includes(f),
    );
    const stray = call.keywords.filter((k) => !fields.includes(k));
    const free = fields.filter((f) => !call.keywords.includes(f));
    const mapping: Record<string, string> = {};
    for (const keyword of stray) {
      const target = closestFieldMeaning(
        keyword,
        free.filter((f) => !Object.values(mapping).includes(f)),
      );
      if (target) mapping[keyword] = target;
    }
    if (Object.keys(mapping).length === 0) return;
    const { lines, join } = splitSource(source);
    for (const [keyword, target] of Object.entries(mapping)) {
      for (let i = call.line - 1; i < call.endLine; i++) {
        const next = lines[i]!.replace(new RegExp(`\\b${keyword}(\\s*=)(?!=)`), `${target}$1`);
        if (next === lines[i]) continue;
        lines[i] = next;
        break;
      }
    }
    if (join(lines) === source) return;
    await tree.write(culprit.file, join(lines));
    const described = Object.entries(mapping).map(([k, t]) => `${t}= for ${k}=`);
    yield {
      key: 'python.model-keyword',
      summary: `pass ${described.join(', ')} to ${model}(...) at ${culprit.file}:${call.line}`,
      template: { recipe: 'python.model-keyword', model, mapping },
    };
  },
};
