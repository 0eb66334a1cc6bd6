import { describe, expect, it } from 'vitest';
import { pythonEmptyAggregate } from './empty-aggregate.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

describe('python.empty-aggregate', () => {
  it(`gives max over a generator a default, only None for a nullable integer field (a made-up 0 would be a wrong \
200)`, async () => {
    const service =
      'def report(tasks):\n    highest = max(t.priority for t in tasks)\n' +
      '    return {"highest_priority": highest, "count": len(tasks)}\n';
    const schema = {
      type: 'object',
      properties: { highest_priority: { anyOf: [{ type: 'integer' }, { type: 'null' }] }, count: { type: 'integer' } },
      required: ['highest_priority', 'count'],
    };
    const context = templateContext(
      { 'app/report.py': service },
      {
        culprit: { file: 'app/report.py', line: 2 },
        exception: { type: 'ValueError', message: 'max() arg is an empty sequence' },
        operation: operation('GET /report', { '200': schema }),
      },
    );
    const candidates = await allCandidates(pythonEmptyAggregate, context, 'app/report.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.empty-aggregate#none']);
    expect(candidates[0]!.source).toBe(
      service.replace('max(t.priority for t in tasks)', 'max((t.priority for t in tasks), default=None)'),
    );
  });

  it('guards statistics.mean inside a dict literal with the zero a required number takes', async () => {
    const route =
      'import statistics\n\n\ndef scores(user, scores):\n' +
      '    return {"user": user.id, "mean_score": statistics.mean(scores)}\n';
    const schema = {
      type: 'object',
      properties: { user: { type: 'integer' }, mean_score: { type: 'number' } },
      required: ['user', 'mean_score'],
    };
    const context = templateContext(
      { 'app/scores.py': route },
      {
        culprit: { file: 'app/scores.py', line: 5 },
        exception: { type: 'statistics.StatisticsError', message: 'mean requires at least one data point' },
        operation: operation('GET /users/{id}/scores', { '200': schema }),
      },
    );
    const [only, ...rest] = await allCandidates(pythonEmptyAggregate, context, 'app/scores.py');
    expect(rest).toEqual([]);
    expect(only?.source).toBe(
      route.replace('statistics.mean(scores)}', '(statistics.mean(scores) if scores else 0.0)}'),
    );
  });

  it('proposes nothing for a mean of a call (its emptiness cannot be read) or a non-null date field', async () => {
    const service = 'from statistics import mean\n\n\ndef average(user_id):\n    return mean(load_scores(user_id))\n';
    const context = templateContext(
      { 'app/avg.py': service },
      {
        culprit: { file: 'app/avg.py', line: 5 },
        exception: { type: 'StatisticsError', message: 'mean requires at least one data point' },
      },
    );
    expect(await allCandidates(pythonEmptyAggregate, context, 'app/avg.py')).toEqual([]);
    const latest = 'def last_seen(visits):\n    return {"last_seen": max(v.at for v in visits)}\n';
    const dated = templateContext(
      { 'app/visits.py': latest },
      {
        culprit: { file: 'app/visits.py', line: 2 },
        exception: { type: 'ValueError', message: 'max() iterable argument is empty' },
        operation: operation('GET /visits/last', {
          '200': {
            type: 'object',
            properties: { last_seen: { type: 'string', format: 'date-time' } },
            required: ['last_seen'],
          },
        }),
      },
    );
    expect(await allCandidates(pythonEmptyAggregate, dated, 'app/visits.py')).toEqual([]);
  });
});
