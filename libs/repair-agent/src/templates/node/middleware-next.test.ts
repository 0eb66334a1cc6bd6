import { describe, expect, it } from 'vitest';
import { nodeMiddlewareNext } from './middleware-next.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const app =
  "const express = require('express');\nconst app = express();\napp.use(express.json());\n" +
  "app.use('/api/items', require('./routes/items'));\nmodule.exports = app;\n";

// A router whose GET / runs `mw` (imported from ../middleware/limits) before the handler.
const items = (head = '', mw = 'parseLimits') =>
  "const express = require('express');\nconst { parseLimits } = require('../middleware/limits');\n" +
  `const router = express.Router();\n${head}router.get('/', ${mw}, (req, res) => res.json([]));\n` +
  "router.post('/', (req, res) => res.status(201).json(req.body));\nmodule.exports = router;\n";

const limits = (body: string) =>
  `function parseLimits(req, res, next) {\n  const limit = Number(req.query.limit ?? 10);\n${body}}\n\n` +
  'module.exports = { parseLimits };\n';
const validate = "  if (!Number.isInteger(limit)) {\n    return next(new Error('limit must be an integer'));\n  }\n";

const run = (files: Record<string, string>, endpoint = 'GET /api/items') =>
  allCandidates(
    nodeMiddlewareNext,
    templateContext({ 'src/app.js': app, ...files }, { kind: 'timeout', endpoint, actual: null }).context,
    Object.keys(files),
  );

describe('node.middleware-next', () => {
  it('calls next() where a route middleware falls off its end after validating', async () => {
    const middleware = limits(`${validate}  req.limit = limit;\n`);
    const found = await run({ 'src/routes/items.js': items(), 'src/middleware/limits.js': middleware });
    expect(found.map((f) => f.candidate.key)).toEqual(['node.middleware-next@src/middleware/limits.js:1']);
    expect(found[0]!.files['src/middleware/limits.js']).toBe(limits(`${validate}  req.limit = limit;\n  next();\n`));
  });

  it('finds an inline router-level `use` (an arrow, `done` for next) with an if/else', async () => {
    const use =
      'router.use((req, res, done) => {\n  if (!req.headers.token) {\n' +
      "    res.status(401).json({ error: 'no token' });\n    return;\n  } else {\n    req.user = 'me';\n  }\n});\n";
    const files = {
      'src/routes/items.js': items(use, 'parseLimits'),
      'src/middleware/limits.js': limits('  next();\n'),
    };
    const found = await run(files);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.middleware-next@src/routes/items.js:4']);
    expect(found[0]!.files['src/routes/items.js']).toBe(
      items(use.replace("req.user = 'me';\n  }\n", "req.user = 'me';\n  }\n  done();\n"), 'parseLimits'),
    );
  });

  it('follows an async middleware through try/catch (the catch hands the error on)', async () => {
    const loader =
      'exports.loadUser = async (req, res, next) => {\n  try {\n    req.user = await find(req.headers.token);\n' +
      '  } catch (err) {\n    return next(err);\n  }\n};\nasync function find(token) {\n  return { token };\n}\n';
    const routes = items().replace('parseLimits', 'loadUser').replace("'/', parseLimits,", "'/', loadUser,");
    const files = { 'src/routes/items.js': routes.replace('limits', 'user'), 'src/middleware/user.js': loader };
    const found = await run(files);
    expect(found.map((f) => f.candidate.key)).toEqual(['node.middleware-next@src/middleware/user.js:1']);
    expect(found[0]!.files['src/middleware/user.js']).toBe(loader.replace('  }\n};', '  }\n  next();\n};'));
  });

  it('leaves middlewares that settle on every path, answer without returning, or handle errors', async () => {
    const settled = [
      limits(`${validate}  req.limit = limit;\n  return next();\n`),
      limits(`${validate}  Promise.resolve(limit).then(() => next()).catch(next);\n`),
      // A path that answered falls through too: next() at the end would answer twice.
      limits("  if (limit > 100) {\n    res.status(400).json({ error: 'too big' });\n  }\n  req.limit = limit;\n"),
    ];
    for (const middleware of settled)
      expect(await run({ 'src/routes/items.js': items(), 'src/middleware/limits.js': middleware })).toEqual([]);
    const errorMiddleware = 'function parseLimits(err, req, res, next) {\n  req.failed = err;\n}\n';
    const files = {
      'src/routes/items.js': items(),
      'src/middleware/limits.js': `${errorMiddleware}module.exports = { parseLimits };\n`,
    };
    expect(await run(files)).toEqual([]);
    // Another endpoint's middleware is not on this route's way.
    const middleware = limits(`  req.limit = limit;\n`);
    expect(
      await run({ 'src/routes/items.js': items(), 'src/middleware/limits.js': middleware }, 'POST /api/items'),
    ).toEqual([]);
  });
});
