import type { Violation } from '@smoke-repair/smoke-validator';
import { describe, expect, it } from 'vitest';
import { groupRootCauses } from './group-root-causes.js';
import { handlerLocation } from './handler-location.js';
import { memoryTree } from './node/test-support/memory-tree.js';
import { nestFiles } from './node/test-support/nest-files.js';

const APP = `const express = require('express');
const { notesRouter } = require('./notes');
const app = express();
app.use('/api', notesRouter);
app.listen(3000);
`;
const NOTES = `const express = require('express');
const notesRouter = express.Router();

notesRouter.get('/notes', (req, res) => res.json([]));

notesRouter.get('/exports', function exportAll(req, res) {
  console.log('export started');
});

module.exports = { notesRouter };
`;

function cause(kind: Violation['kind'], endpoint: string) {
  const violation: Violation = {
    scenarioId: endpoint,
    endpoint,
    method: endpoint.split(' ')[0]!,
    path: endpoint.split(' ')[1]!,
    expectedStatus: 200,
    actualStatus: null,
    kind,
    message: 'no response',
    responseExcerpt: '',
    requestId: null,
    traces: [],
    signature: {
      hash: `h-${kind}`,
      key: `${kind}@${endpoint}: no response`,
      exceptionType: kind,
      message: 'no response',
    },
    reproduce: 'curl',
  };
  return groupRootCauses([violation])[0]!;
}

describe('handlerLocation', () => {
  it('a hang without a trace is located at the handler of its endpoint, through the router mount', async () => {
    const tree = memoryTree({ 'server.js': APP, 'notes.js': NOTES });
    expect(await handlerLocation(cause('timeout', 'GET /api/exports'), tree)).toEqual({
      file: 'notes.js',
      line: 6,
      function: 'exportAll',
    });
    expect(await handlerLocation(cause('crash', 'GET /api/notes'), tree)).toMatchObject({ file: 'notes.js', line: 4 });
  });

  it('nothing for other kinds, unknown routes, or causes that have a trace', async () => {
    const tree = memoryTree({ 'server.js': APP, 'notes.js': NOTES });
    expect(await handlerLocation(cause('status_mismatch', 'GET /api/exports'), tree)).toBeNull();
    expect(await handlerLocation(cause('timeout', 'GET /api/reports'), tree)).toBeNull();
  });

  it('a NestJS app: the controller method its decorators route the endpoint to, only when mounted', async () => {
    const tree = memoryTree(nestFiles);
    expect(await handlerLocation(cause('timeout', 'DELETE /v1/books/{id}'), tree)).toEqual({
      file: 'src/books/books.controller.ts',
      line: 24,
      function: 'remove',
    });
    expect(await handlerLocation(cause('timeout', 'GET /v1/books/{bookId}/reviews'), tree)).toBeNull();
  });

  it('a Python app: the FastAPI route index names the handler', async () => {
    const tree = memoryTree({ 'app/main.py': '' });
    const handler = { name: 'build_report', line: 17 };
    const python = {
      routes: async () => [{ file: 'app/routers/reports.py', method: 'get', path: '/reports/', handler }],
    } as unknown as Parameters<typeof handlerLocation>[2];
    expect(await handlerLocation(cause('timeout', 'GET /reports'), tree, python)).toEqual({
      file: 'app/routers/reports.py',
      line: 17,
      function: 'build_report',
    });
    expect(await handlerLocation(cause('timeout', 'POST /reports'), tree, python)).toBeNull();
  });
});
