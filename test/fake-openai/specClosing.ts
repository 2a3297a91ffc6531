// Closes the spec's object schemas for REQUEST validation, so a typo is caught at any depth (a tool's `parameter`
// instead of `parameters`, `json_schema.schmea`), not only at the top of the body.
//
// `unevaluatedProperties: false` is added to every schema that lists `properties` and says nothing about extra ones
// itself, EXCEPT schemas that are (or sit at the same instance level inside) an `allOf` member: there the sibling
// members define the other properties, and a member's own `unevaluatedProperties` cannot see them. Those stay open;
// the schema that holds the `allOf` is closed instead, and it does see through its members.

type Node = { [key: string]: unknown };

const SAME_LEVEL_LISTS = ['allOf', 'anyOf', 'oneOf'];
const CHILD_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const CHILD_ONES = [
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'not',
  'contains',
  'if',
  'then',
  'else',
  'propertyNames',
];

function isNode(v: unknown): v is Node {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every schema directly below `node` (not through $ref). */
function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const k of SAME_LEVEL_LISTS)
    if (Array.isArray(node[k])) out.push(...(node[k] as unknown[]).filter(isNode));
  if (Array.isArray(node.prefixItems)) out.push(...(node.prefixItems as unknown[]).filter(isNode));
  for (const k of CHILD_MAPS) if (isNode(node[k])) out.push(...Object.values(node[k]).filter(isNode));
  for (const k of CHILD_ONES) if (isNode(node[k])) out.push(node[k]);
  return out;
}

/** Closes, in place, the object schemas of `components.schemas` and of the given request-body schemas. */
export function closeObjectSchemas(schemas: Record<string, Node>, roots: Node[]): void {
  const resolve = (ref: unknown): Node | undefined =>
    typeof ref === 'string' && ref.startsWith('#/components/schemas/')
      ? schemas[ref.slice('#/components/schemas/'.length)]
      : undefined;

  const all = new Set<Node>();
  const collect = (n: Node): void => {
    if (all.has(n)) return;
    all.add(n);
    children(n).forEach(collect);
  };
  Object.values(schemas).filter(isNode).forEach(collect);
  roots.forEach(collect);

  // Everything at the same instance level as an allOf member stays open.
  const open = new Set<Node>();
  const markOpen = (n: Node | undefined): void => {
    if (!n || open.has(n)) return;
    open.add(n);
    markOpen(resolve(n.$ref));
    for (const k of SAME_LEVEL_LISTS)
      if (Array.isArray(n[k])) (n[k] as unknown[]).filter(isNode).forEach(markOpen);
  };
  for (const n of all) if (Array.isArray(n.allOf)) (n.allOf as unknown[]).filter(isNode).forEach(markOpen);

  for (const n of all) {
    if (open.has(n) || !isNode(n.properties)) continue;
    if ('additionalProperties' in n || 'unevaluatedProperties' in n) continue;
    n.unevaluatedProperties = false;
  }
}
