/** A value found in a schema: its path (`/blocks/*\/days` with `*` for array items and map values) and schema. */
export type FoundValue = { path: string; name: string; schema: Record<string, unknown> };

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every value schema below the root: object properties, array items and map values, at any depth. The contract
 * tests use it to check descriptions, privacy and string constraints everywhere, not only at the top level.
 * Items and map values take the name of the property that holds them.
 */
export function walkSchema(schema: Node): FoundValue[] {
  const found: FoundValue[] = [];
  const visit = (node: Node, path: string, name: string) => {
    if (isNode(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        if (!isNode(child)) continue;
        found.push({ path: `${path}/${key}`, name: key, schema: child });
        visit(child, `${path}/${key}`, key);
      }
    }
    for (const inner of [node.items, node.additionalProperties]) {
      if (!isNode(inner)) continue;
      found.push({ path: `${path}/*`, name, schema: inner });
      visit(inner, `${path}/*`, name);
    }
  };
  visit(schema, '', '');
  return found;
}
