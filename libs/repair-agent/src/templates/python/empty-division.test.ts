import { describe, expect, it } from 'vitest';
import { pythonEmptyDivision } from './empty-division.js';
import { allCandidates, operation, templateContext } from './test-support/summarise.js';

const zeroDivision = { type: 'ZeroDivisionError', message: 'division by zero' };

describe('python.empty-division', () => {
  it('guards a mean over an empty list with 0.0 when the documented field is a required number', async () => {
    const service = [
      'def project_stats(repo, project_id):',
      '    tasks = repo.tasks_of(project_id)',
      '    average = sum(t.estimate for t in tasks) / len(tasks)',
      '    return {"project_id": project_id, "average_estimate": average}',
      '',
    ].join('\n');
    const schema = {
      type: 'object',
      properties: { project_id: { type: 'integer' }, average_estimate: { type: 'number' } },
      required: ['project_id', 'average_estimate'],
    };
    const context = templateContext(
      { 'app/stats.py': service },
      {
        culprit: { file: 'app/stats.py', line: 3 },
        exception: zeroDivision,
        operation: operation('GET /projects/{id}/stats', { '200': schema }),
      },
    );
    const candidates = await allCandidates(pythonEmptyDivision, context, 'app/stats.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.empty-division#zero']);
    expect(candidates[0]!.source).toBe(service.replace('/ len(tasks)\n', '/ len(tasks) if tasks else 0.0\n'));
  });

  it('offers only None for a nullable field, inside a dict literal: a made-up zero would be a wrong 200', async () => {
    const route =
      'def price_report(items):\n    total, count = sum(i.price for i in items), len(items)\n' +
      '    return {"mean_price": total / count, "count": count}\n';
    const schema = {
      type: 'object',
      properties: { mean_price: { anyOf: [{ type: 'number' }, { type: 'null' }] }, count: { type: 'integer' } },
      required: ['mean_price', 'count'],
    };
    const context = templateContext(
      { 'app/report.py': route },
      {
        culprit: { file: 'app/report.py', line: 3 },
        exception: zeroDivision,
        operation: operation('GET /report', { '200': schema }),
      },
    );
    const candidates = await allCandidates(pythonEmptyDivision, context, 'app/report.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.empty-division#none']);
    expect(candidates[0]!.source).toContain(
      '    return {"mean_price": (total / count if count else None), "count": count}\n',
    );
  });

  it('finds the nullable field in the items of a list response, through the keyword the local flows into', async () => {
    const service = [
      'def rates(counts):',
      '    report = []',
      '    for method, (taken, failed) in counts.items():',
      '        decided = taken + failed',
      '        take_rate = round(taken / decided, 4)',
      '        report.append(Rate(method=method, take_rate=take_rate))',
      '    return report',
      '',
    ].join('\n');
    const item = {
      type: 'object',
      properties: { method: { type: 'string' }, take_rate: { anyOf: [{ type: 'number' }, { type: 'null' }] } },
      required: ['method', 'take_rate'],
    };
    const context = templateContext(
      { 'app/rates.py': service },
      {
        culprit: { file: 'app/rates.py', line: 5 },
        exception: zeroDivision,
        operation: operation('GET /rates', { '200': { type: 'array', items: item } }),
      },
    );
    const candidates = await allCandidates(pythonEmptyDivision, context, 'app/rates.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.empty-division#none']);
    expect(candidates[0]!.source).toContain('        take_rate = round(taken / decided, 4) if decided else None\n');
  });

  it('guards the whole round(...) with None, which round(None, 2) would raise on', async () => {
    const service =
      'def summary(hours):\n    return Summary(\n        avg_hours=round(sum(hours) / len(hours), 2),\n    )\n';
    const schema = {
      type: 'object',
      properties: { avg_hours: { anyOf: [{ type: 'number' }, { type: 'null' }] } },
      required: ['avg_hours'],
    };
    const context = templateContext(
      { 'app/summary.py': service },
      {
        culprit: { file: 'app/summary.py', line: 3 },
        exception: zeroDivision,
        operation: operation('GET /summary', { '200': schema }),
      },
    );
    const candidates = await allCandidates(pythonEmptyDivision, context, 'app/summary.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.empty-division#none']);
    expect(candidates[0]!.source).toContain(
      '        avg_hours=(round(sum(hours) / len(hours), 2) if hours else None),\n',
    );
  });

  it('keeps the zero inside round(...) for a required number', async () => {
    const service = 'def summary(hours):\n    return {"avg_hours": round(sum(hours) / len(hours), 2)}\n';
    const schema = { type: 'object', properties: { avg_hours: { type: 'number' } }, required: ['avg_hours'] };
    const context = templateContext(
      { 'app/summary.py': service },
      {
        culprit: { file: 'app/summary.py', line: 2 },
        exception: zeroDivision,
        operation: operation('GET /summary', { '200': schema }),
      },
    );
    const candidates = await allCandidates(pythonEmptyDivision, context, 'app/summary.py');
    expect(candidates[0]!.source).toContain('{"avg_hours": round((sum(hours) / len(hours) if hours else 0.0), 2)}');
  });

  it('guards the next division by the same empty count too, each with its own field value', async () => {
    const service = [
      'def course_stats(repo, course_id):',
      '    exams = repo.exams_of(course_id)',
      '    taken = len(exams)',
      '    pass_rate = round(sum(e.passed for e in exams) / taken, 2)',
      '    mean_score = round(sum(e.score for e in exams) / taken, 1)',
      '    spread = max_score / limit',
      '    return Stats(pass_rate=pass_rate, mean_score=mean_score, spread=spread, taken=taken)',
      '',
    ].join('\n');
    const nullable = { anyOf: [{ type: 'number' }, { type: 'null' }] };
    const schema = {
      type: 'object',
      properties: { pass_rate: nullable, mean_score: { type: 'number' }, spread: { type: 'number' } },
      required: ['pass_rate', 'mean_score', 'spread'],
    };
    const context = templateContext(
      { 'app/courses.py': service },
      {
        culprit: { file: 'app/courses.py', line: 4 },
        exception: zeroDivision,
        operation: operation('GET /courses/{id}/stats', { '200': schema }),
      },
    );
    const candidates = await allCandidates(pythonEmptyDivision, context, 'app/courses.py');
    expect(candidates.map((c) => c.key)).toEqual(['python.empty-division#none']);
    const lines = (candidates[0]!.source ?? '').split('\n');
    expect(lines[3]).toBe('    pass_rate = round(sum(e.passed for e in exams) / taken, 2) if taken else None');
    expect(lines[4]).toBe('    mean_score = round((sum(e.score for e in exams) / taken if taken else 0.0), 1)');
    // Another divisor is no part of this failure.
    expect(lines[5]).toBe('    spread = max_score / limit');
  });

  it('leaves a divisor that is no size or count alone', async () => {
    const rate = 'def speed(trip):\n    return trip.distance / (trip.end - trip.start)\n';
    const context = templateContext(
      { 'app/trip.py': rate },
      { culprit: { file: 'app/trip.py', line: 2 }, exception: zeroDivision, operation: null },
    );
    expect(await allCandidates(pythonEmptyDivision, context, 'app/trip.py')).toEqual([]);
  });
  // A report over groups outer-joined to their rows: a group without rows sums to zero on both terms.
  const yieldReport = (divisor: string) =>
    [
      'def yield_report(rows):',
      '    report = []',
      '    for splitter_id, slates, rejects in rows:',
      `        rate = round(rejects / ${divisor}, 4)`,
      '        report.append(YieldRow(splitter_id=splitter_id, reject_rate=rate))',
      '    return report',
      '',
    ].join('\n');
  async function runReport(divisor: string) {
    const item = { type: 'object', properties: { reject_rate: { type: 'number' } }, required: ['reject_rate'] };
    const context = templateContext(
      { 'app/reports.py': yieldReport(divisor) },
      {
        culprit: { file: 'app/reports.py', line: 4 },
        exception: zeroDivision,
        operation: operation('GET /reports/yield', { '200': { type: 'array', items: item } }),
      },
    );
    return (await allCandidates(pythonEmptyDivision, context, 'app/reports.py')).map((c) => c.source);
  }

  it('guards a division by a sum of counts (a group without rows) with the zero of the listed field', async () => {
    expect(await runReport('(slates + rejects)')).toEqual([
      yieldReport('(slates + rejects)').replace(
        'round(rejects / (slates + rejects), 4)',
        'round((rejects / (slates + rejects) if (slates + rejects) else 0.0), 4)',
      ),
    ]);
    expect((await runReport('(row.done + row.open + row.held)'))[0]).toContain(
      'if (row.done + row.open + row.held) else 0.0',
    );
  });

  it('leaves a sum with a literal term and a difference alone', async () => {
    expect(await runReport('(slates + 1)')).toEqual([]);
    expect(await runReport('(slates - rejects)')).toEqual([]);
  });
});
