require('@backstage/cli-node/config/nodeTransform.cjs');
const http = require('node:http');
const { startTestBackend, mockServices, mockCredentials } = require('@backstage/backend-test-utils');
const { catalogServiceMock } = require('@backstage/plugin-catalog-node/testUtils');
const { loadExampleEntities } = require('./src/world.ts');
(async () => {
  const seen = [];
  const proxy = http.createServer((req, res) => {
    let body = ''; req.on('data', c => body += c); req.on('end', () => {
      seen.push(req.url.split('?')[0] + ' ' + decodeURIComponent((new URLSearchParams(body).get('query')) || '').slice(0, 160));
      const up = http.request('http://127.0.0.1:29090' + req.url, { method: req.method, headers: req.headers }, u => { res.writeHead(u.statusCode, u.headers); u.pipe(res); });
      up.end(body);
    });
  });
  await new Promise(r => proxy.listen(0, '127.0.0.1', r));
  const entities = loadExampleEntities(require('path').resolve('../..'));
  const backend = await startTestBackend({ features: [require('@metrics-suite/backstage-plugin-metrics-backend').default,
    mockServices.rootConfig.factory({ data: { metrics: { prometheus: { instances: [{ name: 'main', baseUrl: `http://127.0.0.1:${proxy.address().port}`, catalogQueries: { policy: 'any' } }] }, defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }], history: { collector: { enabled: false } } } } }),
    catalogServiceMock.factory({ entities })] });
  const port = backend.server.address().port;
  const name = process.argv[2] || 'checkout-service';
  const r = await fetch(`http://127.0.0.1:${port}/api/metrics/v1/entities/component/default/${name}?range=7d&compare=previous`, { headers: { Authorization: mockCredentials.user.header() } });
  const j = await r.json();
  console.log(r.status, Object.keys(j));
  console.log(seen.length + ' queries'); seen.forEach(q => console.log(q));
  await backend.stop(); proxy.close(); process.exit(0);
})();
