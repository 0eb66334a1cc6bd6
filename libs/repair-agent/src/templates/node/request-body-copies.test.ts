import { describe, expect, it } from 'vitest';
import { nodeRequestFieldName } from './request-field-name.js';
import { allCandidates, nodeLog, templateContext, withRequestBody } from './test-support/template-context.js';

// node.request-field-name over a checked copy of the body and a value mapped to a documented key.
const app =
  "const express = require('express');\nconst app = express();\napp.use(express.json());\n" +
  "app.use('/bookings', require('./routes/bookings'));\nmodule.exports = app;\n";
const routes =
  "const router = require('express').Router();\nconst c = require('../controllers/bookings');\n" +
  "router.post('/', c.create);\nmodule.exports = router;\n";
const controller =
  "const service = require('../services/bookings');\n" +
  'async function create(req, res) {\n  res.status(201).json(await service.createBooking(req.body));\n}\n' +
  'module.exports = { create };\n';
const service =
  "const { requireString, requireInt, ValidationError } = require('../validate');\n" +
  "const ROOMS = [{ code: 'north-hall', seats: 40 }];\n" +
  'async function createBooking(body) {\n  const input = {\n' +
  "    organiser: requireString(body, 'organiser'),\n    roomCode: requireString(body, 'roomCode'),\n" +
  "    seats: requireInt(body, 'seats'),\n  };\n" +
  '  const room = ROOMS.find((r) => r.code === input.code);\n' +
  "  if (!room) throw new ValidationError('roomCode must be one of north-hall');\n" +
  '  return { ...input, capacity: room.seats };\n}\nmodule.exports = { createBooking };\n';
const props = { organiser: { type: 'string' }, roomCode: { type: 'string' }, seats: { type: 'integer' } };
const tree = (s: string) => ({
  'src/app.js': app,
  'src/routes/bookings.js': routes,
  'src/controllers/bookings.js': controller,
  'src/services/bookings.js': s,
});
const refused = (files: Record<string, string>, body: string) => {
  const { context } = templateContext(files, {
    kind: 'status_mismatch',
    endpoint: 'POST /bookings',
    expected: 201,
    actual: 422,
    body,
  });
  const operation = withRequestBody(context.operation!, props, ['organiser', 'roomCode', 'seats']);
  return allCandidates(nodeRequestFieldName, { ...context, operation }, Object.keys(files));
};

describe('node.request-field-name (checked copies, mapped keys)', () => {
  it('reads the documented field off a checked copy of the body (`input.code` for roomCode), refused 422', async () => {
    const found = await refused(tree(service), '{"error":"roomCode must be one of north-hall"}');
    expect(found.map((f) => f.files['src/services/bookings.js'])).toEqual([
      service.replace('input.code', 'input.roomCode'),
    ]);
  });

  it('takes the documented key a value is mapped to (`plannedStart: body.startDate`), from a trace', async () => {
    const handler =
      'import { Router } from "express";\nimport { createJob } from "../services/jobs.js";\n' +
      'export const router = Router();\nrouter.post("/", async (req, res) => {\n' +
      '  const body = req.body ?? {};\n  requireDate(body.plannedStart, "plannedStart");\n' +
      '  const job = await createJob({\n    siteId: body.siteId,\n    plannedStart: body.startDate,\n  });\n' +
      '  res.status(201).json(job);\n});\n';
    const tsApp =
      'import express from "express";\nimport { router } from "./routes/jobs.js";\n' +
      'export const app = express();\napp.use(express.json());\napp.use("/jobs", router);\n';
    const files = { 'src/app.ts': tsApp, 'src/routes/jobs.ts': handler };
    const { context } = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /jobs',
      expected: 201,
      log: nodeLog('RangeError: Invalid time value', [
        'Date.toISOString (<anonymous>)',
        'createJob (/app/src/services/jobs.ts:12:31)',
      ]),
    });
    const jobProps = { siteId: { type: 'integer' }, plannedStart: { type: 'string', format: 'date' } };
    const operation = withRequestBody(context.operation!, jobProps, ['siteId', 'plannedStart']);
    const found = await allCandidates(nodeRequestFieldName, { ...context, operation }, ['src/routes/jobs.ts']);
    expect(found.map((f) => f.files['src/routes/jobs.ts'])).toEqual([
      handler.replace('body.startDate', 'body.plannedStart'),
    ]);
    // The same handler failing on a name the code cannot resolve: another bug, not this one.
    const unresolved = templateContext(files, {
      kind: 'runtime_error',
      endpoint: 'POST /jobs',
      expected: 201,
      log: nodeLog('ReferenceError: require is not defined', ['nextReference (/app/src/services/jobs.ts:4:3)']),
    }).context;
    expect(await allCandidates(nodeRequestFieldName, { ...unresolved, operation }, [])).toEqual([]);
  });

  it('near miss: a literal that is no copy of the body, or a key sharing no word with the name', async () => {
    // `limits` holds constants, not the request: its `code` is no misread request field.
    const constants = service
      .replace('const input = {', 'const limits = { seats: 40 };\n  const input = {')
      .replace('input.code', 'limits.code');
    expect(await refused(tree(constants), '{"error":"roomCode must be one of north-hall"}')).toEqual([]);
    // `organiser: body.host`: no word shared, another field may be meant.
    const mapped = service
      .replace("requireString(body, 'organiser')", 'body.host')
      .replace('input.code', 'input.roomCode');
    const { context } = templateContext(tree(mapped), {
      kind: 'runtime_error',
      endpoint: 'POST /bookings',
      expected: 201,
    });
    const operation = withRequestBody(context.operation!, props, ['organiser', 'roomCode', 'seats']);
    expect(await allCandidates(nodeRequestFieldName, { ...context, operation }, [])).toEqual([]);
  });
});
