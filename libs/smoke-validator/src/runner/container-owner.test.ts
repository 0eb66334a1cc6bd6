import { describe, expect, it } from 'vitest';
import type { ContainerEngine, ContainerSummary } from './container-engine.js';
import { ownershipOf, sweepOrphanContainers, type ContainerOwner } from './container-owner.js';

const SELF: ContainerOwner = { owner: '100:5', host: 'box ns', lock: '/locks/a.lock' };
const LIVE = new Set(['100:5', '200:7']);
const alive = (owner: string) => LIVE.has(owner);

/** Only what the sweep uses: listing by label and removal. */
function fakeEngine(containers: ContainerSummary[]) {
  const removed: string[] = [];
  const engine = {
    listLabelled: async (label: string) => containers.filter((c) => label in c.labels && !removed.includes(c.id)),
    remove: async (id: string) => void removed.push(id),
  } as unknown as ContainerEngine;
  return { engine, removed };
}

const labelled = (id: string, labels: Record<string, string>): ContainerSummary => ({
  id,
  name: `n-${id}`,
  running: true,
  labels: {
    'dev.smoke-repair.runner': 'docker',
    'dev.smoke-repair.owner-host': 'box ns',
    'dev.smoke-repair.lock': '/locks/a.lock',
    ...labels,
  },
});

describe('container ownership', () => {
  it(`tells a user's container, an older version's, a live run's, another host's, its own and a dead run's \
apart`, () => {
    expect(ownershipOf({ app: 'x' }, SELF, alive)).toBe('foreign');
    expect(ownershipOf({ 'dev.smoke-repair.runner': 'docker' }, SELF, alive)).toBe('unowned');
    expect(ownershipOf(labelled('a', { 'dev.smoke-repair.owner': '200:7' }).labels, SELF, alive)).toBe('live');
    expect(
      ownershipOf(
        labelled('a', { 'dev.smoke-repair.owner': '300:1', 'dev.smoke-repair.owner-host': 'other ns' }).labels,
        SELF,
        alive,
      ),
    ).toBe('live');
    expect(ownershipOf(labelled('a', { 'dev.smoke-repair.owner': '100:5' }).labels, SELF, alive)).toBe('ours');
    expect(ownershipOf(labelled('a', { 'dev.smoke-repair.owner': '300:1' }).labels, SELF, alive)).toBe('orphan');
  });
});

describe('sweepOrphanContainers', () => {
  it("removes only the containers of this app's lock whose owner is dead, on this host", async () => {
    const { engine, removed } = fakeEngine([
      labelled('dead', { 'dev.smoke-repair.owner': '300:1' }),
      labelled('dead-too', { 'dev.smoke-repair.owner': '100:4' }),
      labelled('live', { 'dev.smoke-repair.owner': '200:7' }),
      labelled('mine', { 'dev.smoke-repair.owner': '100:5' }),
      labelled('other-app', { 'dev.smoke-repair.owner': '300:1', 'dev.smoke-repair.lock': '/locks/b.lock' }),
      labelled('other-host', { 'dev.smoke-repair.owner': '300:1', 'dev.smoke-repair.owner-host': 'vm ns' }),
      {
        id: 'user',
        name: 'user',
        running: true,
        labels: {
          'dev.smoke-repair.owner': '300:1',
          'dev.smoke-repair.lock': '/locks/a.lock',
          'dev.smoke-repair.owner-host': 'box ns',
        },
      },
    ]);
    const swept = await sweepOrphanContainers(engine, SELF, alive, '/locks/a.lock');
    expect(swept).toEqual([
      { id: 'dead', name: 'n-dead', owner: '300:1' },
      { id: 'dead-too', name: 'n-dead-too', owner: '100:4' },
    ]);
    expect(removed).toEqual(['dead', 'dead-too']);
    expect(await sweepOrphanContainers(engine, SELF, alive, '/locks/a.lock')).toEqual([]);
  });
});
