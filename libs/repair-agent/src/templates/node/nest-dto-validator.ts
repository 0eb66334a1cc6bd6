import { indentAt, replaceRange } from '../../node/js-edits.js';
import { declaredClass, type ClassProperty, type DeclaredClass } from '../../node/nest-dto.js';
import { findNestRoute } from '../../node/nest-routes.js';
import { nodeProjectFor } from '../../node/node-project.js';
import type { RepairTemplate } from '../template.js';
import { ensureNamedImport } from './nest-imports.js';

const ID = 'node.nest-dto-validator';

// class-validator's whitelist message (ValidationPipe with `forbidNonWhitelisted`).
const NOT_WHITELISTED = /property ([A-Za-z_$][\w$]*) should not exist/g;
const VALIDATOR = 'class-validator';
// Validators for a documented JSON type.
type Schema = {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly properties?: Record<string, Schema>;
  readonly required?: readonly string[];
};
const BY_TYPE: Record<string, string> = {
  string: 'IsString',
  integer: 'IsInt',
  number: 'IsNumber',
  boolean: 'IsBoolean',
  array: 'IsArray',
  object: 'IsObject',
};

/**
 * A NestJS app validates bodies with `ValidationPipe({ whitelist, forbidNonWhitelisted })`, and
 * a documented body property of the handler's `@Body()` DTO carries no class-validator decorator:
 * a valid request is answered 400 `property x should not exist` (or the value is silently
 * stripped) → decorate the property from its documented schema (`@IsIn(LIST)` for an enum the
 * DTO's `@ApiProperty({ enum: LIST })` names, else `@IsIn([...])` of the contract's values, else
 * the validator of its type; `@IsOptional()` first when the contract does not require it). A
 * property the contract does not document is really not allowed: no candidate.
 */
export const nodeNestDtoValidator: RepairTemplate = {
  id: ID,
  language: 'node',
  summary:
    "decorate a documented NestJS DTO property that the whitelist rejects with its schema's class-validator decorator",
  evidence: { kinds: ['status_mismatch'], contract: true },
  async *candidates({ cause, tree, node: given, operation }) {
    const violation = cause.violations[0];
    const schema = operation?.requestBody?.schema as Schema | undefined;
    if (!violation || violation.actualStatus !== 400 || !schema?.properties) return;
    const rejected = [...new Set([...(violation.responseExcerpt ?? '').matchAll(NOT_WHITELISTED)].map((m) => m[1]!))];
    if (rejected.length === 0 || !rejected.every((p) => schema.properties![p])) return;
    const node = given ?? nodeProjectFor(tree);
    const route = await findNestRoute(node, tree, violation.endpoint);
    if (!route?.handler.bodyType) return;
    const dto = await declaredClass(node, tree, route.handlerFile, route.handler.bodyType);
    const module = dto ? (await node.modules()).get(dto.file) : undefined;
    if (!dto || !module) return;
    const validators = new Set(
      module.imports.filter((i) => i.source === VALIDATOR).flatMap((i) => i.names.map((n) => n.local)),
    );
    // Bottom-up, so earlier offsets stay valid.
    const targets = rejected
      .map((p) => dto.properties.find((q) => q.name === p))
      .filter((p): p is ClassProperty => p !== undefined && !p.decorators.some((d) => validators.has(d.name)));
    if (targets.length !== rejected.length) return;
    let updated = dto.source;
    const added = new Set<string>();
    for (const property of [...targets].sort((a, b) => b.start - a.start)) {
      const decorators = decoratorsFor(
        property,
        schema.properties[property.name]!,
        (schema.required ?? []).includes(property.name),
        dto,
      );
      if (decorators.length === 0) return;
      for (const d of decorators) added.add(d.name);
      updated = insertDecorators(
        updated,
        property,
        decorators.map((d) => d.text),
      );
    }
    for (const name of [...added].sort()) updated = ensureNamedImport(updated, module, VALIDATOR, name);
    await tree.write(dto.file, updated);
    yield {
      key: ID,
      summary:
        `decorate ${targets.map((p) => `${dto.name}.${p.name}`).join(', ')} ` +
        `with ${[...added].map((n) => `@${n}`).join(' ')} (${dto.file})`,
      template: { recipe: ID },
    };
  },
};

// The decorators a documented property needs, optional first.
function decoratorsFor(
  property: ClassProperty,
  schema: Schema,
  required: boolean,
  dto: DeclaredClass,
): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  if (!required || property.optional) out.push({ name: 'IsOptional', text: '@IsOptional()' });
  const values = schema.enum;
  if (Array.isArray(values) && values.length > 0) {
    // The list the DTO documents itself with (`@ApiProperty({ enum: LIST })`), when it is a list or an enum.
    const named = property.decorators
      .flatMap((d) => d.args)
      .flatMap((a) =>
        a.type === 'ObjectExpression'
          ? (a['properties'] as {
              key?: { name?: string };
              value?: { type: string; name?: string; start: number; end: number };
            }[])
          : [],
      );
    const list = named.find((p) => p.key?.name === 'enum')?.value;
    const kind =
      list?.type === 'Identifier'
        ? dto.bindings.get(list.name!)
        : list?.type === 'ArrayExpression'
          ? 'array'
          : undefined;
    if (list && kind === 'array') out.push({ name: 'IsIn', text: `@IsIn(${dto.source.slice(list.start, list.end)})` });
    else if (list && kind === 'enum') out.push({ name: 'IsEnum', text: `@IsEnum(${list.name})` });
    else out.push({ name: 'IsIn', text: `@IsIn(${JSON.stringify(values).replace(/"/g, "'").replace(/,/g, ', ')})` });
    return out;
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const validator = typeof type === 'string' ? BY_TYPE[type] : undefined;
  if (!validator) return [];
  out.push({ name: validator, text: `@${validator}()` });
  return out;
}

// Puts decorators after the property's own (one per line when those are on their own lines).
function insertDecorators(source: string, property: ClassProperty, texts: readonly string[]): string {
  const last = property.decorators[property.decorators.length - 1];
  const after = last ? last.end : property.start;
  const at = after + /^\s*/.exec(source.slice(after))![0].length;
  const ownLine = last ? /\n/.test(source.slice(last.end, at)) : true;
  const text = ownLine
    ? texts.map((t) => `${t}\n${indentAt(source, at)}`).join('')
    : texts.map((t) => `${t} `).join('');
  return replaceRange(source, at, at, text);
}
