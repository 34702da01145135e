import type { ResourceType } from '../resources/fhir-resources';

/**
 * The types `$everything` adds when the patient's resources refer to them: FHIR R4 returns "the patient's compartment
 * and any resources referenced from those". These are the ones about no patient (the care team's Practitioners, the
 * clinic's Organization, its sites' Locations); a reference to another patient's record, or to one of this patient's
 * the page left out, never brings it in.
 */
export const REFERENCED_TYPES = ['Practitioner', 'Organization', 'Location'] as const satisfies readonly ResourceType[];

/** `Type/id` of a row, as references and referrers name it. */
const keyOf = (r: { resource_type: string; id: string }) => `${r.resource_type}/${r.id}`;

/**
 * The page of the patient's resources (the order and `_count` `$everything` always had) and, in the same statement,
 * every resource of `REFERENCED_TYPES` they refer to, and those the latter refer to in turn (a site's managing
 * Organization), each with the resources that refer to it. Which of the page's rows a reader sees is decided after
 * (SMART scopes, an integrator's consents), so a referenced row comes with its referrers and `includedReferences`
 * keeps only those referred to from what is shown. Set-based: the references are found in SQL (every `reference`
 * element at any depth) and looked up by key, one statement for the whole Bundle whatever the number of references;
 * a resource referred to from many (the site of every Encounter) is looked into once, its referrers gathered first.
 * Only the reader's tenant (also row-level security), only rows about no patient. `served` prints each resource as
 * served (`servedSql`). Parameters: $1 tenant, $2 patient, $3 the page's size; the caller's `served` adds its own.
 */
export function everythingSql(served: string): string {
  const references = (from: string) => `CROSS JOIN LATERAL jsonb_path_query(${from}.resource, 'strict $.**.reference') AS r(ref)
      JOIN fhir_resources f ON f.tenant_id = $1 AND f.patient_id IS NULL
        AND f.resource_type = split_part(r.ref #>> '{}', '/', 1) AND f.id = split_part(r.ref #>> '{}', '/', 2)
      WHERE r.ref #>> '{}' ~ '^(${REFERENCED_TYPES.join('|')})/[^/]+$'`;
  return `WITH RECURSIVE page AS (
      SELECT resource_type, id, patient_id, date, resource FROM fhir_resources WHERE tenant_id = $1 AND patient_id = $2
      ORDER BY resource_type <> 'Patient', resource_type, date NULLS FIRST, id LIMIT $3),
    linked (resource_type, id, referrers) AS (
      SELECT f.resource_type, f.id, array_agg(DISTINCT p.resource_type || '/' || p.id) FROM page p ${references('p')}
      GROUP BY f.resource_type, f.id
      UNION
      SELECT f.resource_type, f.id, ARRAY[l.resource_type || '/' || l.id]
      FROM linked l JOIN fhir_resources g ON g.tenant_id = $1 AND g.resource_type = l.resource_type AND g.id = l.id ${references('g')})
    SELECT resource_type, id, patient_id, NULL::jsonb AS resource, served, referrers FROM (
      SELECT 0 AS part, resource_type, id, patient_id, date, ${served} AS served, NULL::text[] AS referrers FROM page
      UNION ALL
      SELECT 1, l.resource_type, l.id, NULL::uuid, NULL::text, ${served}, l.referrers
      FROM (SELECT resource_type, id, array_agg(DISTINCT referrer) AS referrers FROM linked, unnest(referrers) AS referrer GROUP BY resource_type, id) l
      JOIN fhir_resources USING (resource_type, id) WHERE tenant_id = $1) everything
    ORDER BY part, resource_type <> 'Patient', resource_type, date NULLS FIRST, id`;
}

/**
 * The referenced rows the Bundle carries: each referred to from a resource it carries (one of the patient's shown,
 * or a referenced one carried already: a Location's Organization comes only with the Location), of a type the
 * reader may read on its own. Each once, in the statement's order.
 */
export function includedReferences<T extends { resource_type: ResourceType; id: string; referrers: string[] }>(
  shown: readonly { resource_type: string; id: string }[], linked: readonly T[], mayRead: (type: ResourceType) => boolean,
): T[] {
  const carried = new Set(shown.map(keyOf));
  const included = new Set<string>();
  const readable = linked.filter((l) => mayRead(l.resource_type));
  // Until a round adds nothing: a resource's own references count once it is carried.
  for (let grew = true; grew;) {
    grew = false;
    for (const l of readable) {
      const key = keyOf(l);
      if (!carried.has(key) && l.referrers.some((r) => carried.has(r))) {
        carried.add(key);
        included.add(key);
        grew = true;
      }
    }
  }
  return linked.filter((l) => included.has(keyOf(l)));
}
