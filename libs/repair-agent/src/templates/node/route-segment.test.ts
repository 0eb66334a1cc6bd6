import type { ApiModel } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { nodeRouteSegment } from './route-segment.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const routes = (stats: string, extra = '') =>
  "const express = require('express');\nconst controller = require('../controllers/layouts');\n\n" +
  "const router = express.Router();\nrouter.get('/', controller.list);\nrouter.get('/:layoutId', controller.show);\n" +
  `router.get('${stats}', controller.stats);\n${extra}\nmodule.exports = router;\n`;
const files = (stats: string, extra = '') => ({
  'src/app.js':
    "const express = require('express');\nconst app = express();\n" +
    "app.use('/api/layouts', require('./routes/layouts'));\nmodule.exports = app;\n",
  'src/routes/layouts.js': routes(stats, extra),
  'src/controllers/layouts.js':
    'exports.list = (req, res) => res.json([]);\nexports.show = (req, res) => res.json({});\n' +
    'exports.stats = (req, res) => res.json({});\nexports.export = (req, res) => res.json({});\n',
});
const operation = (path: string) => ({
  method: 'GET',
  path,
  endpoint: `GET ${path}`,
  parameters: [],
  responses: [{ status: '200', mediaTypes: ['application/json'] }],
});
const contract: ApiModel = {
  openapi: '3.0.3',
  title: 't',
  operations: [
    operation('/api/layouts'),
    operation('/api/layouts/{layoutId}'),
    operation('/api/layouts/{layoutId}/stats'),
  ],
};
const run = (f: Record<string, string>, model: ApiModel = contract) => {
  const endpoint = 'GET /api/layouts/{layoutId}/stats';
  const { context } = templateContext(f, { kind: 'status_mismatch', endpoint, actual: 404 });
  return allCandidates(nodeRouteSegment, { ...context, contract: model }, ['src/routes/layouts.js']);
};

describe('node.route-segment', () => {
  it("registers the route under the documented word its own path names otherwise ('/:id/statistics')", async () => {
    const found = await run(files('/:layoutId/statistics'));
    expect(found[0]!.files['src/routes/layouts.js']).toBe(routes('/:layoutId/stats'));
  });

  it('renames through the handler named for the documented word when the words share no stem', async () => {
    const found = await run(files('/:layoutId/summary'));
    expect(found[0]!.files['src/routes/layouts.js']).toBe(routes('/:layoutId/stats'));
  });

  it('leaves a documented served path, an unrelated word, two near routes and a served documented path', async () => {
    const documented = {
      ...contract,
      operations: [...contract.operations, operation('/api/layouts/{layoutId}/statistics')],
    };
    expect(await run(files('/:layoutId/statistics'), documented)).toEqual([]);
    const unrelated = files('/:layoutId/stats').valueOf() as Record<string, string>;
    unrelated['src/routes/layouts.js'] = routes('/:layoutId/stats').replace(
      "router.get('/:layoutId/stats', controller.stats);\n",
      "router.get('/:layoutId/export', controller.export);\n",
    );
    expect(await run(unrelated)).toEqual([]);
    expect(await run(files('/:layoutId/statistics', "router.get('/:layoutId/status', controller.show);\n"))).toEqual(
      [],
    );
    expect(await run(files('/:layoutId/stats'))).toEqual([]);
  });
});
