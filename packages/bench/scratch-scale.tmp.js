require('@backstage/cli-node/config/nodeTransform.cjs');
const path = require('node:path');
const { mockCredentials } = require('@backstage/backend-test-utils');
const { startOrgBackend } = require('./src/orgBackend.ts');
const { syntheticOrg } = require('./src/syntheticOrg.ts');
const { loadExampleEntities, annotatedServices } = require('./src/world.ts');
(async () => {
  const services = annotatedServices(loadExampleEntities(path.resolve('../..')));
  const H = { Authorization: mockCredentials.user.header() };
  const time = async url => { const t = performance.now(); const r = await fetch(url, { headers: H }); await r.arrayBuffer(); return [performance.now() - t, r.status]; };
  const med = a => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const out = {};
  for (const teams of [10, 1000]) {
    const b = await startOrgBackend({ entities: syntheticOrg({ teams, services }), database: { client: 'sqlite' }, prefix: 'x' + teams, prometheusUrl: 'http://127.0.0.1:29090' });
    const name = 'team-0001-svc-04';
    const ids = ['checkout-web', 'orders-service', 'search-service', 'mobile-app', 'payments-service', 'a', 'b', 'c', 'd', 'e'];
    const keys = ['metrics-suite/caller-id', 'metrics-suite/prometheus-service', 'metrics.suite/caller-id', 'metrics.suite/prometheus-service'];
    const clauses = [...keys.map(k => 'kind=component,' + ids.map(i => `metadata.annotations.${k}=${i}`).join(',')), 'kind=component,' + ids.map(i => `metadata.name=${i}`).join(',')];
    const q = `${b.api}/catalog/entities?${clauses.map(c => 'filter=' + encodeURIComponent(c)).join('&')}&fields=kind,metadata.name,metadata.namespace,metadata.annotations,relations`;
    const r = { view: [], byRef: [], callers: [] };
    let end = Math.floor(Date.now() / 60000) * 60 - 7200;
    for (let i = 0; i < 8; i++) {
      end -= 60;
      r.view.push((await time(`${b.api}/metrics/v1/entities/component/default/${name}?range=1d&end=${end}`))[0]);
      r.byRef.push((await time(`${b.api}/catalog/entities/by-name/component/default/${name}`))[0]);
      r.callers.push((await time(q))[0]);
    }
    out[teams] = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, med(v.slice(1)).toFixed(1)]));
    console.log(teams, JSON.stringify(out[teams]));
    await b.stop();
  }
  process.exit(0);
})();
