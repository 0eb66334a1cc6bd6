import { describe, expect, it } from 'vitest';
import { nodeNestRouteOrder } from './nest-route-order.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const CONTROLLER = 'src/orders/orders.controller.ts';
const module =
  "import { Module } from '@nestjs/common';\n" +
  "import { OrdersController } from './orders/orders.controller';\n\n" +
  '@Module({ controllers: [OrdersController] })\nexport class AppModule {}\n';
const one = [
  "  @Get(':orderId')",
  '  @ApiOkResponse({',
  "    description: 'One order',",
  '  })',
  "  one(@Param('orderId', ParseIntPipe) orderId: number) {",
  '    return { id: orderId };',
  '  }',
];
const summary = ["  @Get('summary')", '  summary() {', '    return { count: 0 };', '  }'];
const list = ['  @Get()', '  list() {', '    return [];', '  }'];
const controller = (...blocks: string[][]) =>
  [
    "import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';",
    "import { ApiOkResponse } from '@nestjs/swagger';",
    '',
    "@Controller('orders')",
    'export class OrdersController {',
    blocks.map((b) => b.join('\n')).join('\n\n'),
    '}',
    '',
  ].join('\n');

describe('node.nest-route-order', () => {
  it('moves a static route above the parametrised route declared before it', async () => {
    const files = { 'src/app.module.ts': module, [CONTROLLER]: controller(list, one, summary) };
    const { context } = templateContext(files, {
      kind: 'status_mismatch',
      endpoint: 'GET /orders/summary',
      expected: 200,
      actual: 400,
    });
    const found = await allCandidates(nodeNestRouteOrder, context, [CONTROLLER]);
    expect(found.map((f) => f.files[CONTROLLER])).toEqual([controller(list, summary, one)]);
  });

  it('moves a last, single-line-separated static route under a global prefix with a nested path', async () => {
    const nested = [
      "  @Get(':orderId/lines')",
      "  lines(@Param('orderId') orderId: string) {",
      '    return [orderId];',
      '  }',
    ];
    const latest = ["  @Get('latest/lines')", '  latest() {', '    return [];', '  }'];
    const main =
      "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\n" +
      'async function boot() {\n  const app = await NestFactory.create(AppModule);\n' +
      "  app.setGlobalPrefix('api');\n  await app.listen(3000);\n}\nboot();\n";
    const files = { 'src/main.ts': main, 'src/app.module.ts': module, [CONTROLLER]: controller(nested, latest) };
    const { context } = templateContext(files, {
      kind: 'status_mismatch',
      endpoint: 'GET /api/orders/latest/lines',
      expected: 200,
      actual: 404,
    });
    const found = await allCandidates(nodeNestRouteOrder, context, [CONTROLLER]);
    expect(found.map((f) => f.files[CONTROLLER])).toEqual([controller(latest, nested)]);
  });

  it('leaves a static route declared first, and one shadowed only by another method, alone', async () => {
    const posted = one.map((l) => l.replace("@Get(':orderId')", "@Post(':orderId')"));
    for (const source of [
      controller(summary, one),
      controller(posted, summary).replace('{ Controller, Get,', '{ Controller, Get, Post,'),
    ]) {
      const { context } = templateContext(
        { 'src/app.module.ts': module, [CONTROLLER]: source },
        { kind: 'status_mismatch', endpoint: 'GET /orders/summary', expected: 200, actual: 400 },
      );
      expect(await allCandidates(nodeNestRouteOrder, context, [])).toEqual([]);
    }
  });
});
