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
