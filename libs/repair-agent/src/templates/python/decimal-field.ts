import { splitSource } from '../../python/python-edits.js';
import { parseExcerpt, valueAt } from '../node/response-body.js';
import type { RepairTemplate } from '../template.js';
import { successSchema } from './contract-schema.js';

const ID = 'python.decimal-field';
const NUMERIC_TEXT = /^-?\d+(?:\.\d+)?$/;
// A request model (`ProductCreate`, `PriceUpdate`, `OrderIn`): its Decimal is what the client sends.
const INPUT = /(?:Create|Update|In|Patch|Input)$/;
// `price: Decimal`, `price: Optional[Decimal] = None`, `price: Decimal | None`.
const DECIMAL_ANNOTATION = (field: string) =>
  new RegExp(`^(\\s+${field}\\s*:\\s*(?:Optional\\[)?)Decimal(?=\\s*(?:\\]|\\||=|$|#))`);

/**
 * A 2xx whose documented number field arrives as a numeric string (`"38.50"` for `/pricePerKg
 * must be number`): pydantic v2 writes a `Decimal` field as a string in JSON → the response
 * schema's field typed `float`, the number the contract documents. The class is the response
 * model the contract names (its schema's title), else a route's `response_model`, else every
 * model declaring that field as a Decimal that is no input (`…Create`, `…Update`, `…In`) nor the
 * base of one, one candidate each. A field with Decimal constraints (`max_digits`) is left alone. A camelCase contract
 * field is looked up in snake_case (an alias generator).
 */
export const pythonDecimalField: RepairTemplate = {
  id: ID,
  language: 'python',
  summary: 'type a documented number field of a pydantic response model as float, not Decimal (a string in JSON)',
  evidence: { kinds: ['schema_mismatch'], contract: true },
  async *candidates({ cause, tree, python, operation }) {
    const fields = new Set<string>();
    for (const v of cause.violations) {
      if (v.actualStatus === null || v.actualStatus < 200 || v.actualStatus >= 300) continue;
      const body = parseExcerpt(v.responseExcerpt);
      for (const m of v.message.matchAll(/(\/\S*\/)?([A-Za-z_]\w*) must be (?:number|integer)/g)) {
        const value = valueAt(body, `${m[1] ?? '/'}${m[2]!}`);
        if (typeof value === 'string' && NUMERIC_TEXT.test(value)) fields.add(snake(m[2]!));
      }
    }
    if (fields.size === 0) return;
    const schema = successSchema(operation);
    const titles = new Set(
      [schema?.['title'], (schema?.['items'] as Record<string, unknown> | undefined)?.['title']].filter(
        (t): t is string => typeof t === 'string',
      ),
    );
    const found: { file: string; cls: string; lines: number[] }[] = [];
    const responseModels = new Set<string>();
    const inputBases = new Set<string>();
    const modules = await python.modules();
    for (const [file, module] of modules) {
      for (const fn of module.functions)
        for (const d of fn.decorators)
          for (const m of (d.keywords['response_model'] ?? '').matchAll(/[A-Za-z_]\w*/g)) responseModels.add(m[0]);
      for (const cls of module.classes)
        if (INPUT.test(cls.name)) for (const base of cls.bases) if (base) inputBases.add(base.split('.').pop()!);
      const source = await tree.read(file);
      if (source === null || !source.includes('Decimal')) continue;
      const { lines } = splitSource(source);
      for (const cls of module.classes) {
        const at: number[] = [];
        for (let i = cls.line; i < cls.endLine; i++) {
          const line = lines[i] ?? '';
          // Decimal constraints (`max_digits`, `decimal_places`) do not apply to a float: the model would not load.
          if (/\b(?:max_digits|decimal_places)\b/.test(line)) continue;
          if ([...fields].some((f) => DECIMAL_ANNOTATION(f).test(line))) at.push(i);
        }
        if (at.length > 0) found.push({ file, cls: cls.name, lines: at });
      }
    }
    // The contract's model, else a route's response_model, else any model that is no input nor an input's base.
    const named = found.filter((f) => titles.has(f.cls));
    const answered = found.filter((f) => responseModels.has(f.cls));
    const chosen =
      named.length > 0
        ? named
        : answered.length > 0
          ? answered
          : found.filter((f) => !INPUT.test(f.cls) && !inputBases.has(f.cls));
    for (const { file, cls, lines: at } of chosen) {
      const source = await tree.read(file);
      if (source === null) continue;
      const { lines, join } = splitSource(source);
      for (const i of at) for (const f of fields) lines[i] = lines[i]!.replace(DECIMAL_ANNOTATION(f), '$1float');
      await tree.write(file, join(lines));
      yield {
        key: ID,
        summary: `type ${[...fields].join(', ')} of ${cls} as float (${file}): pydantic writes a Decimal as a string`,
        template: { recipe: ID },
      };
    }
  },
};

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
