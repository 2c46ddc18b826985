/**
 * An item's figures one period earlier, as the view answered them (`compare=previous`):
 * `undefined` when the view was not compared (show no delta), `null` when the API has none
 * for the item (the previous period had none, or its source failed): show `—`.
 */
export function previousOf<P>(
  compared: boolean,
  item: { previous?: P | null } | undefined,
): P | null | undefined {
  if (!compared) return undefined;
  return item?.previous ?? null;
}
