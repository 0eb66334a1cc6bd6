import { describe, expect, it } from 'vitest';
import type { TemplateContext } from '../template.js';
import { nodeNestDtoValidator } from './nest-dto-validator.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const DTO = 'src/orders/dto/order.dto.ts';
const CONTROLLER = 'src/orders/orders.controller.ts';
const controller = [
  "import { Body, Controller, Post } from '@nestjs/common';",
  "import { CreateOrderDto } from './dto/order.dto';",
  '',
  "@Controller('orders')",
  'export class OrdersController {',
  '  @Post()',
  '  create(@Body() dto: CreateOrderDto) {',
  '    return { ...dto, id: 1 };',
  '  }',
  '}',
  '',
].join('\n');
const dto = [
  "import { ApiProperty } from '@nestjs/swagger';",
  "import { IsString } from 'class-validator';",
  '',
  "export const SIZES = ['s', 'm', 'l'] as const;",
  '',
  'export class CreateOrderDto {',
  '  @ApiProperty()',
  '  @IsString()',
  '  item: string;',
  '',
  '  @ApiProperty({ enum: SIZES })',
  '  size: string;',
  '',
  '  @ApiProperty({ required: false }) quantity?: number;',
  '}',
  '',
].join('\n');
const module =
  "import { Module } from '@nestjs/common';\n" +
  "import { OrdersController } from './orders/orders.controller';\n\n" +
  '@Module({ controllers: [OrdersController] })\nexport class AppModule {}\n';
const files = { 'src/app.module.ts': module, [CONTROLLER]: controller, [DTO]: dto };
const body = {
  type: 'object',
  required: ['item', 'size'],
  properties: {
    item: { type: 'string' },
    size: { type: 'string', enum: ['s', 'm', 'l'] },
    quantity: { type: 'integer' },
  },
};

function rejected(
  properties: readonly string[],
  schema: object = body,
  sources: Record<string, string> = files,
): TemplateContext {
  const { context } = templateContext(sources, {
    kind: 'status_mismatch',
    endpoint: 'POST /orders',
    expected: 201,
    actual: 400,
  });
  const excerpt = JSON.stringify({
    message: properties.map((p) => `property ${p} should not exist`),
    error: 'Bad Request',
    statusCode: 400,
  });
  Object.assign(context.cause.violations[0]!, { responseExcerpt: excerpt });
  return {
    ...context,
    operation: {
      ...context.operation!,
      requestBody: { required: true, mediaType: 'application/json', schema: schema as never },
    },
  };
}

describe('node.nest-dto-validator', () => {
  it('decorates an enum property with @IsIn of the list its @ApiProperty names, adding the import', async () => {
    const found = await allCandidates(nodeNestDtoValidator, rejected(['size']), [DTO]);
    expect(found.map((f) => f.files[DTO])).toEqual([
      dto
        .replace('{ IsString }', '{ IsIn, IsString }')
        .replace('  @ApiProperty({ enum: SIZES })\n', '  @ApiProperty({ enum: SIZES })\n  @IsIn(SIZES)\n'),
    ]);
  });

  it('decorates an optional inline-decorated property with @IsOptional and its type validator', async () => {
    const found = await allCandidates(nodeNestDtoValidator, rejected(['quantity']), [DTO]);
    expect(found.map((f) => f.files[DTO])).toEqual([
      dto
        .replace('{ IsString }', '{ IsInt, IsOptional, IsString }')
        .replace(
          '@ApiProperty({ required: false }) quantity',
          '@ApiProperty({ required: false }) @IsOptional() @IsInt() quantity',
        ),
    ]);
  });

  it('leaves a property the contract does not document, and one that already has a validator, alone', async () => {
    const undocumented = { ...body, properties: { item: body.properties.item, quantity: body.properties.quantity } };
    expect(await allCandidates(nodeNestDtoValidator, rejected(['size'], undocumented), [])).toEqual([]);
    expect(await allCandidates(nodeNestDtoValidator, rejected(['item']), [])).toEqual([]);
  });
});
