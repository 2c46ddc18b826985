// `metadata.name` of an exported document (docs/openslo.md#names): an RFC 1123 label, as OpenSLO
// requires, unique per entity and SLO, and the same on every export.

const MAX_LENGTH = 63;
const RFC1123_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * 32-bit FNV-1a in base 36. Hand-written: five lines, synchronous (WebCrypto is not) and free of
 * `node:crypto`, since this package also runs in the browser. Only for telling names apart.
 */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36).padStart(7, '0');
}

/**
 * `<entity name>-<SLO name>`, lowercased (entity names are case-insensitive). When that is not
 * an RFC 1123 label of at most 63 characters (`_` and `.` are not allowed, nor a trailing `-`),
 * the offending characters become `-`, the text is cut, and a hash of the original pair is
 * appended, so two SLOs never share a name because of the rewrite.
 *
 * @public
 */
export function openSloName(entityName: string, sloName: string): string {
  const plain = `${entityName}-${sloName}`.toLocaleLowerCase('en-US');
  if (plain.length <= MAX_LENGTH && RFC1123_LABEL.test(plain)) return plain;
  const suffix = shortHash(
    `${entityName.toLocaleLowerCase('en-US')}/${sloName}`,
  );
  const head = plain
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, MAX_LENGTH - suffix.length - 1)
    .replace(/-+$/, '');
  return `${head}-${suffix}`;
}
