import { syntheticOrg, orgComponentName, orgTeamName } from './syntheticOrg';
import { PROMETHEUS_SERVICE_ANNOTATION } from './world';

const services = [
  { service: 'auth-service' },
  { service: 'search-service', convention: 'opentelemetry' },
];

describe('syntheticOrg', () => {
  it('makes tribes of ten teams, ten Components per team, each owned by its team', () => {
    const org = syntheticOrg({ teams: 25, services });
    const groups = org.filter(e => e.kind === 'Group');
    const components = org.filter(e => e.kind === 'Component');
    expect(groups.filter(g => g.spec?.type === 'tribe')).toHaveLength(3);
    expect(groups.filter(g => g.spec?.type === 'squad')).toHaveLength(25);
    expect(components).toHaveLength(250);
    expect(components[13].spec?.owner).toBe(`group:default/${orgTeamName(1)}`);
    const tribe3 = groups.find(g => g.metadata.name === 'tribe-3')!;
    expect(tribe3.spec?.children).toEqual(
      [20, 21, 22, 23, 24].map(i => `group:default/${orgTeamName(i)}`),
    );
    expect(
      groups.find(g => g.metadata.name === orgTeamName(24))!.spec?.parent,
    ).toBe('group:default/tribe-3');
  });

  it('annotates the first Components with the demo services, the rest with their own name', () => {
    const components = syntheticOrg({ teams: 1, services }).filter(
      e => e.kind === 'Component',
    );
    expect(components[0].metadata.annotations).toEqual({
      [PROMETHEUS_SERVICE_ANNOTATION]: 'auth-service',
    });
    expect(components[1].metadata.annotations).toEqual({
      [PROMETHEUS_SERVICE_ANNOTATION]: 'search-service',
      'metrics-suite/convention': 'opentelemetry',
    });
    expect(components[2].metadata.annotations).toEqual({
      [PROMETHEUS_SERVICE_ANNOTATION]: orgComponentName(0, 2),
    });
  });

  it('names the same entities alike in every org size, all distinct', () => {
    const small = syntheticOrg({ teams: 10, services });
    const large = syntheticOrg({ teams: 1000, services });
    const names = new Set(large.map(e => `${e.kind}:${e.metadata.name}`));
    expect(names.size).toBe(large.length);
    for (const e of small)
      expect(names.has(`${e.kind}:${e.metadata.name}`)).toBe(true);
    expect(large).toHaveLength(100 + 1000 + 10_000);
  });

  it('refuses an org without teams', () => {
    expect(() => syntheticOrg({ teams: 0, services })).toThrow(RangeError);
  });
});
