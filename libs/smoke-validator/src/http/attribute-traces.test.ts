import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../runner/app-runner.js';
import { attributeTraces } from './attribute-traces.js';

const at = (timeMs: number, stream: LogEntry['stream'], line: string): LogEntry => ({ timeMs, stream, line });
const pythonTrace = (timeMs: number, file: string, error: string): LogEntry[] => [
  at(timeMs, 'stderr', 'ERROR:    Exception in ASGI application'),
  at(timeMs, 'stderr', 'Traceback (most recent call last):'),
  at(timeMs, 'stderr', `  File "/srv/app/${file}", line 3, in handler`),
  at(timeMs, 'stderr', error),
];
const parse = { appRoot: '/srv/app' };

describe('attributeTraces: sequential smoke, traces logged after the response', () => {
  // The server writes its access line, answers, then logs the traceback; the next request was
  // held back until the log went quiet.
  const entries = [
    at(100, 'stdout', 'INFO: "GET /status HTTP/1.1" 503 Service Unavailable'),
    at(180, 'stdout', 'INFO: "GET /owners/1 HTTP/1.1" 500 Internal Server Error'),
    ...pythonTrace(205, 'owners.py', 'TypeError: count() takes exactly one argument (0 given)'),
    at(290, 'stdout', 'INFO: "GET /pets/4 HTTP/1.1" 500 Internal Server Error'),
    ...pythonTrace(310, 'pets.py', "AttributeError: 'NoneType' object has no attribute 'status'"),
  ];
  const requests = [
    { requestId: 'r-decoy', startMs: 95, endMs: 101, status: 503, failed: false },
    { requestId: 'r-owner', startMs: 170, endMs: 181, status: 500 },
    { requestId: 'r-pet', startMs: 285, endMs: 291, status: 500 },
  ];

  it('gives each trace to the request sent last before it, not to an earlier documented 503', () => {
    const a = attributeTraces(entries, requests, { parse, sequential: true });
    expect(a.byRequest.get('r-owner')?.[0]?.exception.type).toBe('TypeError');
    expect(a.byRequest.get('r-pet')?.[0]?.exception.type).toBe('AttributeError');
    expect(a.byRequest.has('r-decoy')).toBe(false);
    expect(a.how).toEqual(['time', 'time']);
  });

  it('without the sequential guarantee, a failed request still outranks a documented 5xx in the time window', () => {
    const a = attributeTraces(entries, requests, { parse });
    expect(a.byRequest.get('r-owner')?.[0]?.exception.type).toBe('TypeError');
    expect(a.byRequest.has('r-decoy')).toBe(false);
  });

  it('a trace that begins after the latest request ended beyond the grace period is not given to it', () => {
    const late = [...pythonTrace(5_000, 'late.py', 'ValueError: late')];
    const a = attributeTraces(late, [{ requestId: 'early', startMs: 100, endMs: 110, status: 500 }], {
      parse,
      sequential: true,
      graceMs: 2_000,
    });
    expect(a.byRequest.size).toBe(0);
  });

  it('a trace whose latest request did not fail falls back to the other evidence', () => {
    const log = [...pythonTrace(120, 'a.py', 'ValueError: first')];
    const reqs = [
      { requestId: 'failed', startMs: 90, endMs: 100, status: 500 },
      { requestId: 'fine', startMs: 110, endMs: 130, status: 200 },
    ];
    const a = attributeTraces(log, reqs, { parse, sequential: true });
    expect(a.byRequest.get('failed')?.[0]?.exception.type).toBe('ValueError');
  });
});

describe('attributeTraces: request ids on access lines', () => {
  it('a trace between a documented 502 and a failed 500 goes to the failed one', () => {
    // stdout (access lines) and stderr (traces) race: the trace lands after the previous access line.
    const entries = [
      at(354, 'stdout', 'GET /events/3/weather 502 8ms rid=rid-weather'),
      at(355, 'stderr', 'TypeError: object is not iterable (cannot read property Symbol(Symbol.iterator))'),
      at(356, 'stderr', '    at Object.listForEvent (/srv/app/src/services/registrations.js:6:48)'),
      at(360, 'stdout', 'GET /events/3/registrations 500 2ms rid=rid-list'),
    ];
    const requests = [
      { requestId: 'rid-weather', startMs: 346, endMs: 354, status: 502, failed: false },
      { requestId: 'rid-list', startMs: 355, endMs: 360, status: 500 },
    ];
    const a = attributeTraces(entries, requests, { parse });
    expect(a.byRequest.get('rid-list')).toHaveLength(1);
    expect(a.byRequest.has('rid-weather')).toBe(false);
  });

  it('between two failed requests, the line before still wins (the access-line-first convention)', () => {
    const entries = [
      at(100, 'stdout', 'GET /a 500 rid=rid-a'),
      at(101, 'stderr', 'Error: boom'),
      at(101, 'stderr', '    at f (/srv/app/src/a.js:1:1)'),
      at(150, 'stdout', 'GET /b 500 rid=rid-b'),
    ];
    const requests = [
      { requestId: 'rid-a', startMs: 90, endMs: 100, status: 500 },
      { requestId: 'rid-b', startMs: 140, endMs: 150, status: 500 },
    ];
    expect(attributeTraces(entries, requests, { parse }).byRequest.get('rid-a')).toHaveLength(1);
  });
});
