import { syntheticTeams, syntheticTribe, withRelations } from './world';

describe('syntheticTribe', () => {
  const entities = syntheticTribe({
    name: 'tribe',
    squads: 3,
    components: 7,
    services: [{ service: 'a' }, { service: 'b', convention: 'istio' }],
  });
  const components = entities.filter(e => e.kind === 'Component');

  it('spreads the components over the squads and the services round-robin', () => {
    expect(components).toHaveLength(7);
    expect(
      components.map(
        c => c.metadata.annotations?.['metrics-suite/prometheus-service'],
      ),
    ).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a']);
    expect(
      components.map(c => c.metadata.annotations?.['metrics-suite/convention']),
    ).toEqual([
      undefined,
      'istio',
      undefined,
      'istio',
      undefined,
      'istio',
      undefined,
    ]);
    expect(components[3].relations).toEqual([
      { type: 'ownedBy', targetRef: 'group:default/tribe-squad-1' },
    ]);
  });

  it('nests the squads under the tribe both ways', () => {
    const tribe = entities.find(e => e.metadata.name === 'tribe')!;
    expect(tribe.relations?.map(r => r.targetRef)).toEqual([
      'group:default/tribe-squad-1',
      'group:default/tribe-squad-2',
      'group:default/tribe-squad-3',
    ]);
    const squad = entities.find(e => e.metadata.name === 'tribe-squad-2')!;
    expect(squad.relations).toEqual([
      { type: 'childOf', targetRef: 'group:default/tribe' },
    ]);
  });
});

describe('syntheticTeams', () => {
  it('makes squads in tribes of ten, each owning two components', () => {
    const entities = syntheticTeams(12);
    const squads = entities.filter(e => e.spec?.type === 'squad');
    expect(squads).toHaveLength(12);
    expect(entities.filter(e => e.spec?.type === 'tribe')).toHaveLength(2);
    expect(squads[11].relations).toEqual([
      { type: 'childOf', targetRef: 'group:default/tribe-2' },
      { type: 'ownerOf', targetRef: 'component:default/team-0012-api' },
      { type: 'ownerOf', targetRef: 'component:default/team-0012-worker' },
    ]);
  });
});

describe('withRelations', () => {
  it('adds the default namespace and the ownership relation', () => {
    const entity = withRelations({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: { owner: 'squad' },
    });
    expect(entity.metadata.namespace).toBe('default');
    expect(entity.relations).toEqual([
      { type: 'ownedBy', targetRef: 'group:default/squad' },
    ]);
  });
});
