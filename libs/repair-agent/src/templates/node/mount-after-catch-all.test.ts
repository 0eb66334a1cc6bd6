import { describe, expect, it } from 'vitest';
import { nodeMountAfterCatchAll } from './mount-after-catch-all.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const handlers =
  'function missing(req, res) {\n  res.status(404).json({ message: `No route for ${req.originalUrl}` });\n}\n' +
  'function failed(err, req, res, next) {\n  res.status(500).json({ message: err.message });\n}\n' +
  'module.exports = { missing, failed };\n';
const router = (path: string) =>
  "const express = require('express');\nconst router = express.Router();\n" +
  `router.get('${path}', (req, res) => res.json([]));\nmodule.exports = router;\n`;
const app = (mounts: string) =>
  "const express = require('express');\nconst { missing, failed } = require('./middleware/errors');\n" +
  "const berths = require('./routes/berths');\nconst tides = require('./routes/tides');\n\n" +
  `function build() {\n  const app = express();\n  app.use(express.json());\n${mounts}  return app;\n}\n` +
  'module.exports = build;\n';
const files = (mounts: string) => ({
  'src/app.js': app(mounts),
  'src/middleware/errors.js': handlers,
  'src/routes/berths.js': router('/'),
  'src/routes/tides.js': router('/:day'),
});

async function run(mounts: string, endpoint = 'GET /api/tides/{day}', path = '/api/tides/3') {
  const body = JSON.stringify({ message: `No route for ${path}` });
  const { context } = templateContext(files(mounts), { kind: 'route_missing', endpoint, actual: 404, body });
  const violation = { ...context.cause.violations[0]!, path };
  const cause = { ...context.cause, violations: [violation] };
  return (await allCandidates(nodeMountAfterCatchAll, { ...context, cause }, ['src/app.js'])).map(
    (c) => c.files['src/app.js'],
  );
}

describe('node.mount-after-catch-all', () => {
  it('moves a router mounted after the catch-all 404 handler to just before it', async () => {
    const broken =
      "  app.use('/api/berths', berths);\n  app.use(missing);\n  app.use('/api/tides', tides);\n  app.use(failed);\n";
    const fixed =
      "  app.use('/api/berths', berths);\n  app.use('/api/tides', tides);\n  app.use(missing);\n  app.use(failed);\n";
    expect(await run(broken)).toEqual([app(fixed)]);
  });

  it('moves it above an error handler mounted before the catch-all too', async () => {
    const broken =
      "  app.use(failed);\n  app.use((req, res) => res.sendStatus(404));\n  app.use('/api/tides', tides);\n";
    const fixed =
      "  app.use('/api/tides', tides);\n  app.use(failed);\n  app.use((req, res) => res.sendStatus(404));\n";
    expect(await run(broken)).toEqual([app(fixed)]);
  });

  it('moves the mount of the router hosting it when that one comes after the catch-all', async () => {
    const api =
      "const express = require('express');\nconst tides = require('./tides');\nconst api = express.Router();\n" +
      "api.use('/tides', tides);\nmodule.exports = api;\n";
    const shell = (mounts: string) =>
      "const express = require('express');\nconst { missing } = require('./middleware/errors');\n" +
      `const api = require('./routes/api');\nconst app = express();\n${mounts}module.exports = app;\n`;
    const body = JSON.stringify({ message: 'No route for /api/tides/3' });
    const { context } = templateContext(
      { ...files(''), 'src/app.js': shell("app.use(missing);\napp.use('/api', api);\n"), 'src/routes/api.js': api },
      { kind: 'route_missing', endpoint: 'GET /api/tides/{day}', actual: 404, body },
    );
    const cause = { ...context.cause, violations: [{ ...context.cause.violations[0]!, path: '/api/tides/3' }] };
    const found = await allCandidates(nodeMountAfterCatchAll, { ...context, cause }, ['src/app.js']);
    expect(found.map((c) => c.files['src/app.js'])).toEqual([shell("app.use('/api', api);\napp.use(missing);\n")]);
  });

  it('leaves a router mounted before the catch-all alone: the 404 has another cause', async () => {
    const inOrder = "  app.use('/api/tides', tides);\n  app.use(missing);\n  app.use(failed);\n";
    expect(await run(inOrder)).toEqual([]);
  });

  it('does not count an error handler as a catch-all: requests without an error pass it', async () => {
    expect(await run("  app.use(failed);\n  app.use('/api/tides', tides);\n")).toEqual([]);
  });

  it('does not move a router past a catch-all mounted under another path', async () => {
    expect(await run("  app.use('/admin', missing);\n  app.use('/api/tides', tides);\n")).toEqual([]);
  });
});
