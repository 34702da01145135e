import type { ResourceType } from '../resources/fhir-resources';
import { includedReferences } from './everything';

const linked = (resource_type: ResourceType, id: string, ...referrers: string[]) => ({ resource_type, id, referrers });
const site = linked('Location', 'site', 'Encounter/e1', 'Encounter/e2');
const clinic = linked('Organization', 'clinic', 'EpisodeOfCare/ep', 'CareTeam/ep', 'Location/site');
const kim = linked('Practitioner', 'kim', 'CareTeam/ep', 'EpisodeOfCare/ep');
const all = [site, clinic, kim];
const keys = (rows: { resource_type: string; id: string }[]) => rows.map((r) => `${r.resource_type}/${r.id}`);
const row = (resource_type: string, id: string) => ({ resource_type, id });

describe('$everything\'s referenced resources', () => {
  it('are those a shown resource refers to, each once, in the statement\'s order', () => {
    const shown = [row('Patient', 'p'), row('EpisodeOfCare', 'ep'), row('CareTeam', 'ep'), row('Encounter', 'e1'), row('Encounter', 'e2')];
    expect(keys(includedReferences(shown, all, () => true))).toEqual(['Location/site', 'Organization/clinic', 'Practitioner/kim']);
  });

  it('come only with what the reader is shown: no care team, no members', () => {
    expect(keys(includedReferences([row('Patient', 'p'), row('Appointment', 'a')], all, () => true))).toEqual([]);
    expect(keys(includedReferences([row('Encounter', 'e1')], all, () => true))).toEqual(['Location/site', 'Organization/clinic']);
  });

  it('follow a referenced resource\'s own references only when it is carried itself', () => {
    const shown = [row('Encounter', 'e1')];
    expect(keys(includedReferences(shown, all, (t) => t !== 'Location'))).toEqual([]);
    // The clinic listed before the site that brings it in: found on a later round.
    expect(keys(includedReferences(shown, [clinic, site], () => true))).toEqual(['Organization/clinic', 'Location/site']);
  });

  it('leave out the types the reader may not read', () => {
    const shown = [row('EpisodeOfCare', 'ep'), row('Encounter', 'e1')];
    expect(keys(includedReferences(shown, all, (t) => t === 'Location'))).toEqual(['Location/site']);
    expect(includedReferences(shown, all, () => false)).toEqual([]);
  });
});
