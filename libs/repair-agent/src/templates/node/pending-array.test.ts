import { describe, expect, it } from 'vitest';
import { allCandidates, templateContext } from './test-support/template-context.js';
import { nodePendingArray } from './pending-array.js';

// The body a real run of a TypeScript Express app sent for two sessions mapped with an async callback.
const PROMISES = '[{},{}]';
const service = (mapped: string) =>
  `export class LessonService {\n  constructor(private readonly db: Db, private readonly seats: SeatService) {}\n\n` +
  `  async withSeats(courseId: number) {\n    const lessons = await this.db.lessons.byCourse(courseId);\n` +
  `    return ${mapped};\n  }\n}\n`;
const asyncMap =
  'lessons.map(async (lesson) => ({\n      ...lesson,\n      seatsLeft: await this.seats.left(lesson),\n    }))';
const tsFiles = (mapped: string) => ({
  'src/app.ts':
    "import express from 'express';\nimport { lessonRoutes } from './lesson.routes';\n" +
    'export function createApp(c: any) {\n  const app = express();\n' +
    "  app.use('/courses', lessonRoutes(c.lessons));\n  return app;\n}\n",
  'src/lesson.routes.ts':
    "import { Router } from 'express';\nimport { LessonController } from './lesson.controller';\n" +
    'export function lessonRoutes(controller: LessonController): Router {\n  const router = Router();\n' +
    "  router.get('/:id/lessons', controller.lessons);\n  return router;\n}\n",
  'src/lesson.controller.ts':
    "import { Request, Response } from 'express';\nimport { LessonService } from './lesson.service';\n" +
    'export class LessonController {\n  constructor(private readonly service: LessonService) {}\n' +
    '  private ok<T>(res: Response, body: T): void {\n    res.status(200).json(body);\n  }\n' +
    '  lessons = async (req: Request, res: Response): Promise<void> => {\n' +
    '    const lessons = await this.service.withSeats(Number(req.params.id));\n    this.ok(res, lessons);\n' +
    '  };\n}\n',
  'src/lesson.service.ts': service(mapped),
});
const failure = { kind: 'schema_mismatch' as const, endpoint: 'GET /courses/{id}/lessons', actual: 200 };

describe('node.pending-array', () => {
  it('wraps the async map a service returns to the handler (TypeScript, sent through a helper)', async () => {
    const { context } = templateContext(tsFiles(asyncMap), failure);
    (context.cause.violations[0] as { responseExcerpt: string }).responseExcerpt = PROMISES;
    const found = await allCandidates(nodePendingArray, context, ['src/lesson.service.ts']);
    expect(found.map((f) => f.files['src/lesson.service.ts'])).toEqual([service(`Promise.all(${asyncMap})`)]);
  });

  it('wraps an async map an inline handler returns (JavaScript, Fastify style)', async () => {
    const app =
      "const fastify = require('fastify')();\nconst db = require('./db');\n" +
      "fastify.get('/tags', async () => {\n  const tags = await db.tags();\n" +
      '  return tags.map(async (t) => ({ ...t, uses: await db.uses(t.id) }));\n});\n';
    const { context } = templateContext(
      { 'src/app.js': app },
      { kind: 'schema_mismatch', endpoint: 'GET /tags', actual: 200 },
    );
    (context.cause.violations[0] as { responseExcerpt: string }).responseExcerpt = '[{}]';
    const found = await allCandidates(nodePendingArray, context, ['src/app.js']);
    expect(found.map((f) => f.files['src/app.js'])).toEqual([
      app.replace(
        'return tags.map(async (t) => ({ ...t, uses: await db.uses(t.id) }));',
        'return Promise.all(tags.map(async (t) => ({ ...t, uses: await db.uses(t.id) })));',
      ),
    ]);
  });

  it('proposes nothing for a plain map, or for items that carry data (near misses)', async () => {
    const plain = templateContext(tsFiles('lessons.map((lesson) => ({ ...lesson }))'), failure);
    (plain.context.cause.violations[0] as { responseExcerpt: string }).responseExcerpt = PROMISES;
    expect(await allCandidates(nodePendingArray, plain.context, [])).toEqual([]);
    const data = templateContext(tsFiles(asyncMap), failure);
    (data.context.cause.violations[0] as { responseExcerpt: string }).responseExcerpt = '[{"id":1},{}]';
    expect(await allCandidates(nodePendingArray, data.context, [])).toEqual([]);
  });
});

describe('node.pending-array: an async map sent in a field of the body', () => {
  const billService = (method: string) =>
    'import type { LineDto } from "./bill.dto.js";\n\nexport class BillService {\n' +
    '  constructor(private readonly lines = new LineRepository()) {}\n\n' +
    `  ${method}(billId: number) {\n    const rows = this.lines.byBill(billId);\n` +
    '    const lines = rows.map(async (row): Promise<LineDto> => {\n' +
    '      const price = await this.lines.price(row.sku);\n      return { sku: row.sku, price };\n    });\n' +
    '    return { billId, count: rows.length, lines };\n  }\n}\n';
  const billFiles = (method: string) => ({
    'src/app.ts':
      'import express from "express";\nimport { billRouter } from "./bill.routes.js";\n' +
      'export const app = express();\napp.use("/api/bills", billRouter);\n',
    'src/bill.routes.ts':
      'import { Router } from "express";\nimport { BillController } from "./bill.controller.js";\n' +
      'const controller = new BillController();\nexport const billRouter = Router();\n' +
      'billRouter.get("/:billId", controller.show);\n',
    'src/bill.controller.ts':
      'import type { Request, Response } from "express";\nimport { BillService } from "./bill.service.js";\n' +
      'export class BillController {\n  constructor(private readonly service = new BillService()) {}\n' +
      '  show = async (req: Request, res: Response): Promise<void> => {\n' +
      '    res.json(await this.service.show(Number(req.params.billId)));\n  };\n}\n',
    'src/bill.service.ts': billService(method),
  });
  const run = async (files: Record<string, string>, endpoint: string, body: string, path: string) => {
    const { context } = templateContext(files, { kind: 'schema_mismatch', endpoint, actual: 200 });
    (context.cause.violations[0] as { responseExcerpt: string }).responseExcerpt = body;
    return allCandidates(nodePendingArray, context, [path]);
  };

  it('awaits the local a returned literal sends (TypeScript, a service a constructor default makes)', async () => {
    const body = '{"billId":3,"count":2,"lines":[{},{}]}';
    const found = await run(billFiles('async show'), 'GET /api/bills/{billId}', body, 'src/bill.service.ts');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.pending-array#field']);
    expect(found[0]!.files['src/bill.service.ts']).toBe(
      billService('async show')
        .replace('const lines = rows.map(', 'const lines = await Promise.all(rows.map(')
        .replace('return { sku: row.sku, price };\n    });', 'return { sku: row.sku, price };\n    }));'),
    );
  });

  it('awaits an async map written straight into a returned literal (JavaScript, Fastify style)', async () => {
    const app =
      "const fastify = require('fastify')();\nconst db = require('./db');\n" +
      "fastify.get('/shelves/:id', async (req) => {\n  const books = await db.books(req.params.id);\n" +
      '  return { id: req.params.id, books: books.map(async (b) => ({ ...b, loans: await db.loans(b.id) })) };\n});\n';
    const body = '{"id":"2","books":[{}]}';
    const found = await run({ 'src/app.js': app }, 'GET /shelves/{id}', body, 'src/app.js');
    expect(found.map((f) => f.files['src/app.js'])).toEqual([
      app
        .replace('books: books.map(', 'books: await Promise.all(books.map(')
        .replace('(b.id) })) };', '(b.id) }))) };'),
    ]);
  });

  it('leaves a literal returned by a function that is not async, and items that carry data', async () => {
    const body = '{"billId":3,"count":2,"lines":[{},{}]}';
    expect(await run(billFiles('show'), 'GET /api/bills/{billId}', body, 'src/bill.service.ts')).toEqual([]);
    const data = '{"billId":3,"count":2,"lines":[{"sku":"a"},{}]}';
    expect(await run(billFiles('async show'), 'GET /api/bills/{billId}', data, 'src/bill.service.ts')).toEqual([]);
  });
});
