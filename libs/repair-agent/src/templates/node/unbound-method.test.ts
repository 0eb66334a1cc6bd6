import { describe, expect, it } from 'vitest';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';
import { nodeUnboundMethod } from './unbound-method.js';

const SERVICE = 'src/orders/orders.service.ts';
const service = [
  "import { Injectable } from '@nestjs/common';",
  '',
  '@Injectable()',
  'export class OrdersService {',
  '  constructor(private readonly customers: Map<number, string>, private readonly rows: any[]) {}',
  '',
  '  toView(order: any) {',
  '    return { id: order.id, customer: this.customers.get(order.customerId) ?? null };',
  '  }',
  '',
  '  list() {',
  '    return this.rows.map(this.toView);',
  '  }',
  '}',
  '',
].join('\n');
const reading = (prop: string, frames: string[]) => nodeLog(`TypeError: Cannot read properties of undefined (reading '${prop}')`, frames);
const detached = ['toView (/app/src/orders/orders.service.ts:8:46)', 'Array.map (<anonymous>)', 'OrdersService.list (/app/src/orders/orders.service.ts:12:22)'];

describe('node.unbound-method', () => {
  it('binds a method passed to map where the calling frame passes it', async () => {
    const { context } = templateContext({ [SERVICE]: service }, { kind: 'runtime_error', endpoint: 'GET /orders', log: reading('customers', detached) });
    const found = await allCandidates(nodeUnboundMethod, context, [SERVICE]);
    expect(found.map((f) => f.files[SERVICE])).toEqual([service.replace('map(this.toView)', 'map(this.toView.bind(this))')]);
  });

  it('binds a plain class handler passed to then, found in its own file when the trace lost the caller', async () => {
    const file = 'src/jobs.js';
    const source = [
      'class Jobs {',
      '  constructor(log) {',
      '    this.log = log;',
      '  }',
      '  done(result) {',
      '    this.log.push(result);',
      '    return result;',
      '  }',
      '  run(task) {',
      '    return task().then(this.done);',
      '  }',
      '}',
      'module.exports = { Jobs };',
      '',
    ].join('\n');
    const { context } = templateContext({ [file]: source }, { kind: 'runtime_error', endpoint: 'POST /jobs', log: reading('log', ['process.processTicksAndRejections (node:internal/process/task_queues:95:5)', 'done (/app/src/jobs.js:6:10)']) });
    const found = await allCandidates(nodeUnboundMethod, context, [file]);
    expect(found.map((f) => f.files[file])).toEqual([source.replace('then(this.done)', 'then(this.done.bind(this))')]);
  });

  it('leaves a member that is itself undefined, and a method called with its object, alone', async () => {
    // `this.customers` undefined: the message reads the member's member, `this` was there.
    const missing = reading('get', detached);
    const called = service.replace('map(this.toView)', 'map((o) => this.toView(o))');
    for (const [source, log] of [
      [service, missing],
      [called, reading('customers', ['OrdersService.toView (/app/src/orders/orders.service.ts:8:46)', 'OrdersService.list (/app/src/orders/orders.service.ts:12:37)'])],
    ] as const) {
      const { context } = templateContext({ [SERVICE]: source }, { kind: 'runtime_error', endpoint: 'GET /orders', log });
      expect(await allCandidates(nodeUnboundMethod, context, [])).toEqual([]);
    }
  });
});
