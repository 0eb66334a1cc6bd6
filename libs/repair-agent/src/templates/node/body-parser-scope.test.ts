import { describe, expect, it } from 'vitest';
import { nodeBodyParserOrder } from './body-parser-order.js';
import { allCandidates, nodeLog, templateContext } from './test-support/template-context.js';

// node.body-parser-order where the parser is registered on a sub-router only (body-parser-scope.ts).
const destructure = "Cannot destructure property 'crewId' of 'req.body' as it is undefined.";
const run = (file: string, source: string, endpoint: string, message = destructure) =>
  allCandidates(
    nodeBodyParserOrder,
    templateContext(
      { [file]: source },
      {
        kind: 'runtime_error',
        endpoint,
        log: nodeLog(`TypeError: ${message}`, ['recordLanding (/app/src/controllers/landings.ts:11:13)']),
      },
    ).context,
    [file],
  );

const TS = 'src/app.ts';
const ts = (mounts: string) =>
  'import express from "express";\nimport landingsRouter from "./routes/landings.js";\n' +
  'import boatsRouter from "./routes/boats.js";\n\nexport function createApp(): express.Express {\n' +
  `  const app = express();\n${mounts}\n  app.use(errorHandler);\n  return app;\n}\n`;
const nested =
  '  app.use("/api/boats/:boatId/landings", landingsRouter);\n\n  const api = express.Router();\n' +
  '  api.use(express.json());\n  api.use("/boats", boatsRouter);\n  app.use("/api", api);';

describe('node.body-parser-order: a parser on a sub-router only', () => {
  it('registers the parser on the app above a mount beside the sub-router (TypeScript, path parameter)', async () => {
    const found = await run(TS, ts(nested), 'POST /api/boats/{boatId}/landings');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.body-parser-order#scope']);
    expect(found[0]!.files[TS]).toBe(
      ts(nested.replace('  app.use("/api/boats/', '  app.use(express.json());\n  app.use("/api/boats/')),
    );
  });

  it('does the same for a refused write under a CommonJS app with bodyParser on a v1 router', async () => {
    const file = 'src/server.js';
    const js = (extra: string) =>
      "const express = require('express');\nconst bodyParser = require('body-parser');\n" +
      `const server = express();\nconst v1 = express.Router();\nv1.use(bodyParser.json({ limit: '1mb' }));\n` +
      `${extra}server.use('/hooks', hooks);\nserver.use('/v1', v1);\nmodule.exports = server;\n`;
    const { context } = templateContext(
      { [file]: js('') },
      { kind: 'status_mismatch', endpoint: 'PUT /hooks/{id}', expected: 200, actual: 400 },
    );
    const found = await allCandidates(nodeBodyParserOrder, context, [file]);
    expect(found[0]!.files[file]).toBe(js("server.use(bodyParser.json({ limit: '1mb' }));\n"));
  });

  it('near miss: a write the sub-router serves, a read, or a mount below the sub-router under its path', async () => {
    expect(await run(TS, ts(nested), 'POST /api/boats')).toEqual([]);
    expect(await run(TS, ts(nested), 'GET /api/boats/{boatId}/landings')).toEqual([]);
    const below = (path: string) =>
      '  const api = express.Router();\n  api.use(express.json());\n  app.use("/api", api);\n' +
      `  app.use("${path}/:id", landingsRouter);`;
    // Under /api the request went through the sub-router's parser first: no candidate.
    expect(await run(TS, ts(below('/api/hooks')), 'POST /api/hooks/{id}')).toEqual([]);
    // Outside it, it never did.
    const found = await run(TS, ts(below('/hooks')), 'POST /hooks/{id}');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.body-parser-order#scope']);
  });
});
