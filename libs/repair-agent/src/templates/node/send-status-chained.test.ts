import { describe, expect, it } from 'vitest';
import { nodeSendStatusChained } from './send-status-chained.js';
import { allCandidates, templateContext } from './test-support/template-context.js';

const controller = (send: string) =>
  "const service = require('../services/tracks');\n\nasync function createTrack(req, res) {\n" +
  `  const track = await service.create(req.body);\n  ${send};\n}\n\n` +
  'async function listTracks(req, res) {\n  res.sendStatus(200);\n}\n\n' +
  'module.exports = { createTrack, listTracks };\n';
const files = (send: string) => ({
  'src/app.js':
    "const express = require('express');\nconst tracks = require('./routes/tracks');\n" +
    "const app = express();\napp.use(express.json());\napp.use('/tracks', tracks);\nmodule.exports = app;\n",
  'src/routes/tracks.js':
    "const { Router } = require('express');\nconst c = require('../controllers/tracks');\n" +
    "const router = Router();\nrouter.post('/', c.createTrack);\nrouter.get('/', c.listTracks);\n" +
    'module.exports = router;\n',
  'src/controllers/tracks.js': controller(send),
  'src/services/tracks.js':
    'async function create(body) {\n  return { id: 1, ...body };\n}\nmodule.exports = { create };\n',
});
const run = (f: Record<string, string>, endpoint = 'POST /tracks') =>
  allCandidates(
    nodeSendStatusChained,
    templateContext(f, {
      kind: 'schema_mismatch',
      endpoint,
      expected: 201,
      actual: 201,
      message: 'body is not JSON',
      body: 'Created',
    }).context,
    ['src/controllers/tracks.js'],
  );

describe('node.send-status-chained', () => {
  it('sets the status instead of sending it where the body is chained after it', async () => {
    const found = await run(files('res.sendStatus(201).json(track)'));
    expect(found.map((f) => f.candidate.key)).toEqual(['node.send-status-chained@src/controllers/tracks.js:5']);
    expect(found[0]!.files['src/controllers/tracks.js']).toBe(controller('res.status(201).json(track)'));
    const sent = await run(files('res.sendStatus(201).send(track)'));
    expect(sent[0]!.files['src/controllers/tracks.js']).toBe(controller('res.status(201).send(track)'));
  });

  it('leaves a sendStatus with nothing chained, and other handlers than the failing one', async () => {
    expect(await run(files('res.status(201).json(track)'))).toEqual([]);
    expect(await run(files('res.sendStatus(201)'))).toEqual([]);
    expect(await run(files('res.sendStatus(201).json(track)'), 'GET /tracks')).toEqual([]);
  });
});
