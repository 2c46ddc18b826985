// Wires the packed suite into a fresh app as the README's "Adding the suite to an existing
// Backstage app" says, for scripts/lib/install-proof.sh.
// usage: node install-proof-wire.mjs REPO_ROOT APP_DIR TARBALL_DIR APP_PORT BACKEND_PORT
import fs from 'node:fs';
import path from 'node:path';

const [repoRoot, app, tarballs, appPort, backendPort] = process.argv.slice(2);
const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file, value) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

const tarball = folder => `file:${path.join(tarballs, `${folder}.tgz`)}`;
const packageName = folder =>
  readJson(path.join(repoRoot, 'plugins', folder, 'package.json')).name;
const packed = fs.readdirSync(tarballs).map(file => file.replace(/\.tgz$/, ''));

// The registry pins the README documents (the repository's own resolutions) and the keytar
// build skip; the suite's packages resolve to their tarballs, also where they depend on each
// other.
const root = readJson(path.join(repoRoot, 'package.json'));
const appRoot = readJson(path.join(app, 'package.json'));
appRoot.resolutions = { ...appRoot.resolutions, ...root.resolutions };
appRoot.dependenciesMeta = {
  ...appRoot.dependenciesMeta,
  ...root.dependenciesMeta,
  // Native builds nothing in the proof runs (swagger's tree-sitter parsers, ssh2's optional
  // cpu-features) and install-time banners: minutes on a 2-core machine. A portal keeps them.
  ...Object.fromEntries(
    [
      'tree-sitter',
      'tree-sitter-json',
      '@tree-sitter-grammars/tree-sitter-yaml',
      'cpu-features',
      'core-js',
      'core-js-pure',
      '@scarf/scarf',
    ].map(name => [name, { built: false }]),
  ),
};
for (const folder of packed) {
  appRoot.resolutions[packageName(folder)] = tarball(folder);
}
writeJson(path.join(app, 'package.json'), appRoot);

function addDependencies(pkgDir, folders) {
  const file = path.join(app, pkgDir, 'package.json');
  const pkg = readJson(file);
  for (const folder of folders.filter(f => packed.includes(f))) {
    pkg.dependencies[packageName(folder)] = tarball(folder);
  }
  writeJson(file, pkg);
}
// yarn --cwd packages/backend add …-metrics-backend (and the catalog and notifications
// modules); yarn --cwd packages/app add …-metrics (discovered through app.packages: all).
const backendPackages = [
  'metrics-backend',
  'catalog-backend-module-metrics',
  'notifications-backend-module-metrics-webhooks',
];
addDependencies('packages/backend', backendPackages);
addDependencies('packages/app', ['metrics']);

// packages/backend/src/index.ts: the README's backend.add lines.
const indexFile = path.join(app, 'packages/backend/src/index.ts');
const lines = packed
  .filter(f => backendPackages.includes(f))
  .map(f => `backend.add(import('${packageName(f)}'));`);
const index = fs.readFileSync(indexFile, 'utf8');
if (!index.includes('backend.start();')) {
  throw new Error(`${indexFile} has no backend.start(): the template changed`);
}
fs.writeFileSync(
  indexFile,
  index.replace('backend.start();', `${lines.join('\n')}\n\nbackend.start();`),
);

// The portal's configuration: its own ports, the test demo world's Prometheus, and the
// example organisation of this repository.
const prometheusUrl =
  process.env.DEMO_PROMETHEUS_URL ?? 'http://127.0.0.1:19090';
const examples = ['org.yaml', 'entities.yaml'].map(file =>
  path.join(repoRoot, 'examples', file),
);
const config = `# Written by scripts/lib/install-proof-wire.mjs
app:
  baseUrl: http://localhost:${appPort}
backend:
  baseUrl: http://localhost:${backendPort}
  listen:
    port: ${backendPort}
  cors:
    origin: http://localhost:${appPort}
catalog:
  rules:
    - allow: [Component, System, API, Resource, Location, Domain, Group, User]
  locations:
${examples.map(file => `    - type: file\n      target: ${file}`).join('\n')}
metrics:
  prometheus:
    instances:
      - name: main
        baseUrl: ${prometheusUrl}
        default: true
  defaultSlos:
    - name: availability
      objective: 99.9
      window: 28d
  # The README's team channel, to a port nothing listens on: the module must start, migrate
  # its outbox in the fresh app's notifications database and fail deliveries quietly.
  notifications:
    webhooks:
      destinations:
        - name: proof
          url: http://127.0.0.1:${Number(backendPort) + 99}/hooks/proof
          format: slack
          teams: [group:default/payments-squad]
`;
fs.writeFileSync(path.join(app, 'app-config.local.yaml'), config);
console.log(
  `wired ${packed.length} packed packages into ${app} (app :${appPort}, backend :${backendPort})`,
);
