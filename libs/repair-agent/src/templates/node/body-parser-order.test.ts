import { describe, expect, it } from 'vitest';
import { nodeBodyParserOrder } from './body-parser-order.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// Node 20's message and frame for a validator reading an unparsed body (captured from a run).
const run = (files: Record<string, string>, endpoint: string, message: string) =>
  allCandidates(
    nodeBodyParserOrder,
    templateContext(files, {
      kind: 'runtime_error',
      endpoint,
      log: nodeLog(`TypeError: ${message}`, ['validateSponsorInput (/app/src/validators/index.js:59:36)']),
    }).context,
    ['src/app.js'],
  );

const app = (order: string) =>
  "'use strict';\n\nconst express = require('express');\nconst apiRouter = require('./routes');\n" +
  "const sponsorRoutes = require('./routes/sponsors');\n\nfunction createApp() {\n  const app = express();\n" +
  `${order}\n  app.use(errorHandler);\n  return app;\n}\n\nmodule.exports = { createApp };\n`;
const late =
  "  app.use(requestLogger);\n  app.use('/api/v1/sponsors', sponsorRoutes);\n" +
  "  app.use(express.json({ limit: '100kb' }));\n" +
  "  app.use('/api/v1', apiRouter);";
const unread = "Cannot read properties of undefined (reading 'name')";

describe('node.body-parser-order', () => {
  it('moves the JSON parser above the router mounted before it, for a write under that mount', async () => {
    const found = await run({ 'src/app.js': app(late) }, 'POST /api/v1/sponsors', unread);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.body-parser-order']);
    expect(found[0]!.files['src/app.js']).toBe(
      app(
        "  app.use(requestLogger);\n  app.use(express.json({ limit: '100kb' }));\n" +
          "  app.use('/api/v1/sponsors', sponsorRoutes);\n  app.use('/api/v1', apiRouter);",
      ),
    );
  });

  it('leaves a mount above the failing one as it was (a webhook reading the raw body)', async () => {
    const raw = `  app.use('/webhooks', express.raw({ type: 'application/json' }), hooks);\n${late}`;
    const found = await run({ 'src/app.js': app(raw) }, 'POST /api/v1/sponsors', unread);
    expect(found[0]!.files['src/app.js']).toBe(
      app(
        "  app.use('/webhooks', express.raw({ type: 'application/json' }), hooks);\n" +
          "  app.use(requestLogger);\n  app.use(express.json({ limit: '100kb' }));\n" +
          "  app.use('/api/v1/sponsors', sponsorRoutes);\n  app.use('/api/v1', apiRouter);",
      ),
    );
  });

  it('leaves a parser registered first, a read, an endpoint under a later mount, and another error', async () => {
    const early =
      "  app.use(express.json());\n  app.use('/api/v1/sponsors', sponsorRoutes);\n  app.use('/api/v1', apiRouter);";
    expect(await run({ 'src/app.js': app(early) }, 'POST /api/v1/sponsors', unread)).toEqual([]);
    expect(await run({ 'src/app.js': app(late) }, 'GET /api/v1/sponsors', unread)).toEqual([]);
    expect(await run({ 'src/app.js': app(late) }, 'POST /api/v1/shows', unread)).toEqual([]);
    expect(await run({ 'src/app.js': app(late) }, 'POST /api/v1/sponsors', 'x is not a function')).toEqual([]);
  });

  const refused = (files: Record<string, string>, endpoint: string, actual: number, expected = 201) =>
    allCandidates(
      nodeBodyParserOrder,
      templateContext(files, {
        kind: 'status_mismatch',
        endpoint,
        expected,
        actual,
        body: '{"error":"body: Required"}',
      }).context,
      ['src/app.js'],
    );

  it('moves the parser for a valid write refused as invalid under a router mounted above it', async () => {
    const found = await refused({ 'src/app.js': app(late) }, 'POST /api/v1/sponsors/{sponsorId}/notes', 400);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.body-parser-order']);
    expect(found[0]!.files['src/app.js']).toBe(
      app(
        "  app.use(requestLogger);\n  app.use(express.json({ limit: '100kb' }));\n" +
          "  app.use('/api/v1/sponsors', sponsorRoutes);\n  app.use('/api/v1', apiRouter);",
      ),
    );
  });

  it('leaves a refusal the contract expects, another status, and a mount with its own parser', async () => {
    expect(await refused({ 'src/app.js': app(late) }, 'POST /api/v1/sponsors', 400, 400)).toEqual([]);
    expect(await refused({ 'src/app.js': app(late) }, 'POST /api/v1/sponsors', 409)).toEqual([]);
    expect(await refused({ 'src/app.js': app(late) }, 'POST /api/v1/shows', 422)).toEqual([]);
    const own = late.replace("sponsors', sponsorRoutes", "sponsors', express.text(), sponsorRoutes");
    expect(own).not.toBe(late);
    expect(await refused({ 'src/app.js': app(own) }, 'POST /api/v1/sponsors', 400)).toEqual([]);
  });
});
