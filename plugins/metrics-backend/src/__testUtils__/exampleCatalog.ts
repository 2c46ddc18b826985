import type { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

// The example catalog as the integration tests' catalog mock serves it. Test-only.

const repoRoot = path.resolve(__dirname, '../../../..');

/** Every entity of examples/, in the default namespace, with the relations the catalog adds. */
export function loadExampleEntities(): Entity[] {
  return ['examples/entities.yaml', 'examples/org.yaml'].flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(repoRoot, file), 'utf8'))
      .map(doc => doc.toJSON() as Entity)
      .filter(Boolean)
      .map(entity => ({
        ...entity,
        metadata: { namespace: 'default', ...entity.metadata },
        relations: relationsOf(entity),
      })),
  );
}

// The catalog would add these; the views read ownership and group nesting from them.
function relationsOf(entity: Entity) {
  const spec = (entity.spec ?? {}) as { owner?: string; children?: string[] };
  const relations = [];
  if (spec.owner) {
    relations.push({
      type: 'ownedBy',
      targetRef: `group:default/${spec.owner}`,
    });
  }
  for (const child of spec.children ?? []) {
    relations.push({ type: 'parentOf', targetRef: `group:default/${child}` });
  }
  return relations;
}
