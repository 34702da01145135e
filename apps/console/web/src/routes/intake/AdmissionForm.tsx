import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { components } from '../../api/admissions';
import { admissions, scheduling, unwrap } from '../../api/client';
import { SelectInput, TextAreaInput, TextInput, Form, FormActions } from '../../components/fields';
import { ProblemMessage } from '../../components/feedback';
import { levelOptions, type LevelOfCare } from '../../lib/asam';
import { localToday } from '../../lib/dates';
import { TRACK_LABELS } from '../../lib/labels';
import { fieldErrors, problemOf } from '../../lib/problems';
import type { Versioned } from './ReferralDetail';

type Track = components['schemas']['AdmitPatientDto']['track'];

/** The API admits at most a year ahead. */
const yearAhead = (): string => {
  const d = new Date();
  d.setFullYear(d.getFullYear() + 1);
  return localToday(d);
};

/** Admit the referred patient to a location and track; a level other than the recommendation needs its reason. */
export function AdmissionForm({ versioned, recommendedLevel, onSaved, onReload }: {
  versioned: Versioned; recommendedLevel: string | null; onSaved: () => void; onReload: () => void;
}) {
  const locations = useQuery({
    queryKey: ['locations'],
    staleTime: 5 * 60_000,
    queryFn: () => unwrap(scheduling.GET('/v1/locations', { params: { query: { limit: 200 } } })),
  });
  const [locationId, setLocationId] = useState<string | null>(null);
  const [track, setTrack] = useState<Track | null>(null);
  const [startDate, setStartDate] = useState('');
  const [level, setLevel] = useState<LevelOfCare | null>((recommendedLevel as LevelOfCare | null) ?? null);
  const [overrideReason, setOverrideReason] = useState('');
  const overriding = !!level && !!recommendedLevel && level !== recommendedLevel;
  const location = locations.data?.items.find((l) => l.locationId === locationId);
  const tracks = [...new Set((location?.blocks ?? []).map((b) => b.track))].map((t) => ({ id: t as Track, label: TRACK_LABELS[t] ?? t }));
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        admissions.POST('/v1/referrals/{referralId}/admission', {
          params: { path: { referralId: versioned.referral.referralId } },
          headers: versioned.etag ? { 'If-Match': versioned.etag } : {},
          body: { locationId: locationId!, track: track!, startDate, levelOfCare: level!, ...(overriding ? { overrideReason: overrideReason.trim() } : {}) },
        }),
      ),
    onSuccess: onSaved,
  });
  const errors = fieldErrors(problemOf(save.error));
  if (save.data) {
    return (
      <section className="subpanel" aria-labelledby="admission-heading">
        <h3 id="admission-heading">Admission</h3>
        <p role="status" className="notice">
          Admitted. Scheduling enrolls the patient in the track from {startDate}.
        </p>
      </section>
    );
  }
  return (
    <section className="subpanel" aria-labelledby="admission-heading">
      <h3 id="admission-heading">Admission</h3>
      <ProblemMessage error={locations.error} />
      <Form
        validationErrors={errors}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        className="form-grid"
      >
        <SelectInput
          label="Location"
          name="locationId"
          options={(locations.data?.items ?? []).map((l) => ({ id: l.locationId, label: `${l.name} (${l.timezone})` }))}
          value={locationId}
          onChange={(v) => {
            setLocationId(v);
            setTrack(null);
          }}
          isRequired
          // A select without options does not open: until the clinic's locations are here there is nothing to choose.
          isDisabled={!locations.data}
          description={locations.isPending ? 'Loading locations…' : undefined}
        />
        <SelectInput label="Track" name="track" options={tracks} value={track} onChange={setTrack} isRequired isDisabled={!location}
          description={location ? undefined : 'Choose the location first'} />
        <TextInput label="Start date" name="startDate" type="date" value={startDate} onChange={setStartDate} isRequired
          validate={(v) => (v && v < localToday() ? 'The first program day cannot be in the past' : v && v > yearAhead() ? 'Must be within a year from today' : null)} />
        <SelectInput label="Level of care" name="levelOfCare" options={levelOptions()} value={level} onChange={setLevel} isRequired
          description={recommendedLevel ? `Recommended: ${recommendedLevel}` : 'No assessment yet'} />
        {overriding && (
          <TextAreaInput
            label="Reason for a level other than the recommendation"
            name="overrideReason"
            value={overrideReason}
            onChange={setOverrideReason}
            isRequired
            maxLength={2000}
            validate={(v) => (v.trim() ? null : 'Say why the level differs from the recommendation')}
            className="span-2"
          />
        )}
        <FormActions messages={<ProblemMessage error={save.error} onReload={() => {
            save.reset();
            onReload();
          }} shownFields={Object.keys(errors)} />}>
          <Button type="submit" className="button" isDisabled={save.isPending}>
            {save.isPending ? 'Admitting…' : 'Admit'}
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}
