import { describe, expect, it } from 'vitest';
import { nodeRoutePrefix } from './route-prefix.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const index =
  "const { Router } = require('express');\nconst huts = require('./huts');\n" +
  "const conditions = require('./conditions');\n\nconst router = Router();\nrouter.use('/huts', huts);\n" +
  "router.use('/trail-conditions', conditions);\n\nmodule.exports = router;\n";
const conditions = (base: string) =>
  "const { Router } = require('express');\nconst controller = require('../controllers/conditions');\n\n" +
  `const router = Router();\nrouter.get('${base || '/'}', controller.list);\n` +
  `router.get('${base}/:id', controller.get);\nrouter.post('${base || '/'}', controller.create);\n\n` +
  'module.exports = router;\n';
const files = (base: string) => ({
  'src/app.js':
    "const express = require('express');\nconst routes = require('./routes');\nconst app = express();\n" +
    "app.use('/', routes);\nmodule.exports = app;\n",
  'src/routes/index.js': index,
  'src/routes/huts.js':
    "const { Router } = require('express');\nconst router = Router();\nrouter.get('/', (req, res) => res.json([]));\n" +
    'module.exports = router;\n',
  'src/routes/conditions.js': conditions(base),
  'src/controllers/conditions.js':
    'exports.list = (req, res) => res.json([]);\nexports.get = (req, res) => res.json({});\n' +
    'exports.create = (req, res) => res.status(201).json({});\n',
});
const run = (f: Record<string, string>, endpoint: string) =>
  allCandidates(
    nodeRoutePrefix,
    templateContext(f, { kind: 'route_missing', endpoint, actual: 404 }).context,
    Object.keys(f),
  );

describe('node.route-prefix', () => {
  it("drops the mount's prefix from every route of the router that repeats it", async () => {
    const found = await run(files('/trail-conditions'), 'GET /trail-conditions/{id}');
    expect(found.map((f) => f.candidate.key)).toEqual(['node.route-prefix']);
    expect(found[0]!.files['src/routes/conditions.js']).toBe(conditions(''));
  });

  it('leaves a router whose routes do not repeat its mount alone', async () => {
    expect(await run(files(''), 'GET /trail-conditions/{id}')).toEqual([]);
  });

  describe('a mount in the wrong number', () => {
    const withMount = (prefix: string, own = '/') => ({
      ...files(''),
      'src/routes/index.js': index.replace("'/huts'", `'${prefix}'`),
      'src/routes/huts.js':
        "const { Router } = require('express');\nconst router = Router();\n" +
        `router.get('${own}', (req, res) => res.json([]));\nmodule.exports = router;\n`,
    });

    it('mounts the router at the segment the contract names', async () => {
      const found = await run(withMount('/hut'), 'GET /huts');
      expect(found.map((f) => f.candidate.key)).toEqual(['node.route-prefix#number']);
      expect(found[0]!.files['src/routes/index.js']).toBe(index);
    });

    it('leaves a router that writes the segment in its own routes alone', async () => {
      expect(await run(withMount('/', '/hut'), 'GET /huts')).toEqual([]);
    });

    it('guesses nothing when two mounts hold the segment', async () => {
      const f = withMount('/hut');
      f['src/app.js'] = f['src/app.js'].replace(
        "app.use('/', routes);",
        "app.use('/', routes);\napp.use('/hut', routes);",
      );
      expect(await run(f, 'GET /huts')).toEqual([]);
    });
  });

  describe("a mount's segment in another case style, behind the app's own not-found handler", () => {
    const app = (prefix: string) =>
      "const express = require('express');\nconst rackSlots = require('./routes/rackSlots');\n" +
      "const app = express();\napp.get('/health', (req, res) => res.json({}));\n" +
      `app.use('${prefix}', rackSlots);\n` +
      "app.use((req, res) => res.status(404).json({ detail: 'no route' }));\nmodule.exports = app;\n";
    const withApp = (prefix: string, own = '/') => ({
      'src/app.js': app(prefix),
      'src/routes/rackSlots.js':
        "const { Router } = require('express');\nconst router = Router();\n" +
        `router.get('${own}', (req, res) => res.json([]));\nmodule.exports = router;\n`,
    });
    const refused = (f: Record<string, string>, endpoint: string, actual = 404) =>
      allCandidates(
        nodeRoutePrefix,
        templateContext(f, { kind: 'status_mismatch', endpoint, actual }).context,
        Object.keys(f),
      );

    it('mounts the router at the documented spelling', async () => {
      const found = await refused(withApp('/api/rackSlots'), 'GET /api/rack-slots');
      expect(found.map((f) => f.candidate.key)).toEqual(['node.route-prefix#spelling']);
      expect(found[0]!.files['src/app.js']).toBe(app('/api/rack-slots'));
    });

    it('leaves it when the answer was no 404, or a route serves the documented path', async () => {
      expect(await refused(withApp('/api/rackSlots'), 'GET /api/rack-slots', 500)).toEqual([]);
      expect(await refused(withApp('/api', '/rack-slots'), 'GET /api/rack-slots')).toEqual([]);
    });
  });
});
