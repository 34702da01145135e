/**
 * The clinic's settings, each kept by the service it governs: scheduling's program rules (group size, the hours rule,
 * alumni), admissions' planned length and utilization floor, outcomes' measurement schedule and follow-ups,
 * clinical-notes' safety alerts and documentation rules (who needs a co-signature). None of them carries a version
 * (no ETag): a save replaces the settings as shown, and the form shows what the service answered.
 */
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { admissions, clinicalNotes, outcomes, scheduling, unwrap } from '../../api/client';
import { CheckboxesInput, Form, FormActions, NumberInput, TextInput, type Option } from '../../components/fields';
import { Loading, ProblemMessage } from '../../components/feedback';
import { fieldErrors, problemOf } from '../../lib/problems';
import { listFieldErrors } from './forms';
import type { AdmissionsSettings, DocumentationSettings, OutcomeSettings, ProgramSettings, SafetyAlertSettings } from './types';

type Role = DocumentationSettings['cosignRequiredRoles'][number];
type Instrument = OutcomeSettings['measurementSchedule']['instruments'][number];

/** The roles whose notes may need a co-signature: the ones who write notes. */
const AUTHOR_ROLES: readonly Option<Role>[] = [
  { id: 'clinician', label: 'Clinician' }, { id: 'nurse', label: 'Nurse' }, { id: 'psychiatrist', label: 'Psychiatrist' }, { id: 'supervisor', label: 'Supervisor' },
];
const INSTRUMENTS: readonly Option<Instrument>[] = [{ id: 'PHQ-9', label: 'PHQ-9' }, { id: 'GAD-7', label: 'GAD-7' }, { id: 'BAM', label: 'BAM' }];

const between = (min: number, max: number) => (v: number) => (Number.isInteger(v) && v >= min && v <= max ? null : `A whole number from ${min} to ${max}`);

/** One settings panel: its own read, its own failure; the form gets the current settings once they are there. */
function SettingsPanel<T>({ title, query, children }: { title: string; query: UseQueryResult<T>; children: (current: T) => ReactNode }) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {query.isPending && <Loading what={title.toLowerCase()} />}
      <ProblemMessage error={query.error} />
      {query.data && children(query.data)}
    </section>
  );
}

/** Save button, the problem not shown at a field, and the saved notice. */
function SaveRow({ save, label, shownFields }: { save: { isPending: boolean; isSuccess: boolean; error: unknown }; label: string; shownFields: string[] }) {
  return (
    <FormActions messages={<>
      <ProblemMessage error={save.error} shownFields={shownFields} />
      {save.isSuccess && (
        <p role="status" className="notice">
          Saved.
        </p>
      )}
    </>}>
      <Button type="submit" className="button" isDisabled={save.isPending}>
        {save.isPending ? 'Saving…' : label}
      </Button>
    </FormActions>
  );
}

function useSettingsSave<T>(key: string[], put: (body: T) => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: put, onSuccess: (saved) => queryClient.setQueryData(key, saved) });
}

export function ProgramSettingsPanel() {
  const key = ['admin', 'program-settings'];
  const q = useQuery({ queryKey: key, queryFn: () => unwrap(scheduling.GET('/v1/program-settings')) });
  return (
    <SettingsPanel title="Program rules (scheduling)" query={q}>
      {(current) => <ProgramSettingsForm current={current} queryKey={key} />}
    </SettingsPanel>
  );
}

function ProgramSettingsForm({ current, queryKey }: { current: ProgramSettings; queryKey: string[] }) {
  const [v, setV] = useState<Partial<ProgramSettings>>(current);
  const save = useSettingsSave<ProgramSettings>(queryKey, (body) => unwrap(scheduling.PUT('/v1/program-settings', { body })));
  const errors = fieldErrors(problemOf(save.error));
  const set = (change: Partial<ProgramSettings>) => { save.reset(); setV({ ...v, ...change }); };
  return (
    <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(v as ProgramSettings); }}>
      <p className="subtle">New enrollments and newly scheduled sessions use them; existing ones keep theirs.</p>
      <div className="form-grid">
        <NumberInput label="Seats per group session" name="groupSizeLimit" value={v.groupSizeLimit} onChange={(groupSizeLimit) => set({ groupSizeLimit })} isRequired minValue={1} maxValue={50} validate={between(1, 50)} />
        <NumberInput label="Hours a day at least" name="minHoursPerDay" value={v.minHoursPerDay} onChange={(minHoursPerDay) => set({ minHoursPerDay })} isRequired minValue={0} maxValue={24} validate={between(0, 24)} />
        <NumberInput label="Days a week at least" name="minDaysPerWeek" value={v.minDaysPerWeek} onChange={(minDaysPerWeek) => set({ minDaysPerWeek })} isRequired minValue={0} maxValue={7} validate={between(0, 7)} />
        <NumberInput label="Alumni sessions missed in a row before the weekly booking ends" name="alumniMissedSessionsLimit" value={v.alumniMissedSessionsLimit ?? undefined}
          onChange={(alumniMissedSessionsLimit) => set({ alumniMissedSessionsLimit })} minValue={1} maxValue={52} validate={between(1, 52)} />
      </div>
      <SaveRow save={save} label="Save program rules" shownFields={Object.keys(errors)} />
    </Form>
  );
}

export function AdmissionsSettingsPanel() {
  const key = ['admin', 'admissions-settings'];
  const q = useQuery({ queryKey: key, queryFn: () => unwrap(admissions.GET('/v1/settings')) });
  return (
    <SettingsPanel title="Program length and utilization (admissions)" query={q}>
      {(current) => <AdmissionsSettingsForm current={current} queryKey={key} />}
    </SettingsPanel>
  );
}

function AdmissionsSettingsForm({ current, queryKey }: { current: AdmissionsSettings; queryKey: string[] }) {
  const [weeks, setWeeks] = useState<number | undefined>(current.plannedProgramWeeks);
  const [hours, setHours] = useState<number | undefined>(current.minimumWeeklyHours ?? undefined);
  const save = useSettingsSave<AdmissionsSettings>(queryKey, (body) => unwrap(admissions.PUT('/v1/settings', { body })));
  const errors = fieldErrors(problemOf(save.error));
  return (
    <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate({ plannedProgramWeeks: weeks!, minimumWeeklyHours: hours ?? null }); }}>
      <div className="form-grid">
        <NumberInput label="Planned program length (weeks)" name="plannedProgramWeeks" value={weeks} onChange={(w) => { save.reset(); setWeeks(w); }} isRequired minValue={1} maxValue={52} validate={between(1, 52)} />
        <NumberInput label="Weekly hours below which a review flags utilization" name="minimumWeeklyHours" value={hours} onChange={(h) => { save.reset(); setHours(h); }}
          minValue={0} maxValue={40} description="Empty for 9 (ASAM 2.1 adults; 6 for adolescents)" />
      </div>
      <SaveRow save={save} label="Save program length" shownFields={Object.keys(errors)} />
    </Form>
  );
}

export function OutcomeSettingsPanel() {
  const key = ['admin', 'outcome-settings'];
  const q = useQuery({ queryKey: key, queryFn: () => unwrap(outcomes.GET('/v1/admin/outcome-settings')) });
  return (
    <SettingsPanel title="Measures and follow-ups (outcomes)" query={q}>
      {(current) => <OutcomeSettingsForm current={current} queryKey={key} />}
    </SettingsPanel>
  );
}

const offsetsOf = (text: string): number[] => text.split(/[\s,]+/).filter(Boolean).map(Number);

function OutcomeSettingsForm({ current, queryKey }: { current: OutcomeSettings; queryKey: string[] }) {
  const [m, setM] = useState<Partial<OutcomeSettings['measurementSchedule']>>(current.measurementSchedule);
  const [offsets, setOffsets] = useState(current.followUps.offsetsDays.join(', '));
  const [windowDays, setWindowDays] = useState<number | undefined>(current.followUps.windowDays);
  const save = useSettingsSave<OutcomeSettings>(queryKey, (body) => unwrap(outcomes.PUT('/v1/admin/outcome-settings', { body })));
  const errors = listFieldErrors(fieldErrors(problemOf(save.error)), ['measurementSchedule.instruments', 'followUps.offsetsDays']);
  const set = (change: Partial<OutcomeSettings['measurementSchedule']>) => { save.reset(); setM({ ...m, ...change }); };
  return (
    <Form validationErrors={errors} onSubmit={(e) => {
      e.preventDefault();
      save.mutate({ measurementSchedule: m as OutcomeSettings['measurementSchedule'], followUps: { offsetsDays: offsetsOf(offsets), windowDays: windowDays! } });
    }}>
      <div className="form-grid">
        <CheckboxesInput label="Instruments" name="measurementSchedule.instruments" options={INSTRUMENTS} value={m.instruments ?? []} onChange={(instruments) => set({ instruments })}
          validate={(v) => (v.length ? null : 'Choose at least one instrument')} />
        <NumberInput label="Baseline due within (days of the first program day)" name="measurementSchedule.baselineWithinDays" value={m.baselineWithinDays}
          onChange={(baselineWithinDays) => set({ baselineWithinDays })} isRequired minValue={1} maxValue={30} validate={between(1, 30)} />
        <NumberInput label="Days between periodic measures" name="measurementSchedule.intervalDays" value={m.intervalDays} onChange={(intervalDays) => set({ intervalDays })}
          isRequired minValue={7} maxValue={90} validate={between(7, 90)} />
        <NumberInput label="Days before a due date that count for it" name="measurementSchedule.leadDays" value={m.leadDays} onChange={(leadDays) => set({ leadDays })}
          isRequired minValue={0} maxValue={14} validate={between(0, 14)} />
        <div className="field">
          <Checkbox className="checkbox" isSelected={!!m.atDischarge} onChange={(atDischarge) => set({ atDischarge })}>
            <span className="checkbox-mark" aria-hidden="true" />
            <span>Measure at discharge</span>
          </Checkbox>
        </div>
        <TextInput label="Follow-ups (days after discharge)" name="followUps.offsetsDays" value={offsets} onChange={(o) => { save.reset(); setOffsets(o); }} isRequired
          description="Ascending, separated by commas, e.g. 30, 90, 180"
          validate={(v) => {
            const days = offsetsOf(v);
            if (!days.length || days.some((d) => !Number.isInteger(d) || d < 1 || d > 730)) return 'Whole days from 1 to 730, e.g. 30, 90, 180';
            return days.every((d, i) => i === 0 || d > days[i - 1]) ? null : 'In ascending order, each once';
          }} />
        <NumberInput label="Follow-up window (days either side)" name="followUps.windowDays" value={windowDays} onChange={(w) => { save.reset(); setWindowDays(w); }}
          isRequired minValue={0} maxValue={60} validate={between(0, 60)} />
      </div>
      <SaveRow save={save} label="Save measures and follow-ups" shownFields={Object.keys(errors)} />
    </Form>
  );
}

export function SafetyAlertSettingsPanel() {
  const key = ['admin', 'safety-alert-settings'];
  const q = useQuery({ queryKey: key, queryFn: () => unwrap(clinicalNotes.GET('/v1/safety-alert-settings')) });
  return (
    <SettingsPanel title="Safety alerts (clinical notes)" query={q}>
      {(current) => <SafetyAlertSettingsForm current={current} queryKey={key} />}
    </SettingsPanel>
  );
}

function SafetyAlertSettingsForm({ current, queryKey }: { current: SafetyAlertSettings; queryKey: string[] }) {
  const [v, setV] = useState<Partial<SafetyAlertSettings>>(current);
  const save = useSettingsSave<SafetyAlertSettings>(queryKey, (body) => unwrap(clinicalNotes.PUT('/v1/safety-alert-settings', { body })));
  const errors = fieldErrors(problemOf(save.error));
  const set = (change: Partial<SafetyAlertSettings>) => { save.reset(); setV({ ...v, ...change }); };
  return (
    <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(v as SafetyAlertSettings); }}>
      <div className="form-grid">
        <NumberInput label="Escalate an unacknowledged alert after (minutes)" name="escalateAfterMinutes" value={v.escalateAfterMinutes}
          onChange={(escalateAfterMinutes) => set({ escalateAfterMinutes })} isRequired minValue={1} />
        <NumberInput label="Days before a positive screen in which an unexcused absence opens an alert" name="missedSessionWindowDays" value={v.missedSessionWindowDays}
          onChange={(missedSessionWindowDays) => set({ missedSessionWindowDays })} isRequired minValue={0} />
      </div>
      <SaveRow save={save} label="Save safety alert settings" shownFields={Object.keys(errors)} />
    </Form>
  );
}

export function DocumentationSettingsPanel() {
  const key = ['admin', 'documentation-settings'];
  const q = useQuery({ queryKey: key, queryFn: () => unwrap(clinicalNotes.GET('/v1/documentation-settings')) });
  return (
    <SettingsPanel title="Documentation rules and co-signatures (clinical notes)" query={q}>
      {(current) => <DocumentationSettingsForm current={current} queryKey={key} />}
    </SettingsPanel>
  );
}

const CREDENTIAL = /^[a-z0-9][a-z0-9.-]{0,31}$/;
const credentialsOf = (text: string): string[] => text.split(/[\s,]+/).map((c) => c.trim().toLowerCase()).filter(Boolean);

function DocumentationSettingsForm({ current, queryKey }: { current: DocumentationSettings; queryKey: string[] }) {
  const [v, setV] = useState<Partial<DocumentationSettings>>(current);
  const [credentials, setCredentials] = useState(current.cosignRequiredCredentials.join(', '));
  const save = useSettingsSave<DocumentationSettings>(queryKey, (body) => unwrap(clinicalNotes.PUT('/v1/documentation-settings', { body })));
  const errors = listFieldErrors(fieldErrors(problemOf(save.error)), ['cosignRequiredRoles', 'cosignRequiredCredentials']);
  const set = (change: Partial<DocumentationSettings>) => { save.reset(); setV({ ...v, ...change }); };
  // Roles the clinic set that this form does not offer (an unusual choice) stay as they are.
  const otherRoles = (v.cosignRequiredRoles ?? []).filter((r) => !AUTHOR_ROLES.some((o) => o.id === r));
  return (
    <Form validationErrors={errors} onSubmit={(e) => {
      e.preventDefault();
      save.mutate({ ...(v as DocumentationSettings), cosignRequiredCredentials: credentialsOf(credentials) });
    }}>
      <div className="form-grid">
        <NumberInput label="Treatment plan due within (days of admission)" name="planDueDays" value={v.planDueDays} onChange={(planDueDays) => set({ planDueDays })}
          isRequired minValue={1} maxValue={90} validate={between(1, 90)} />
        <NumberInput label="Treatment plan review every (days)" name="planReviewDays" value={v.planReviewDays} onChange={(planReviewDays) => set({ planReviewDays })}
          isRequired minValue={1} maxValue={365} validate={between(1, 365)} />
        <NumberInput label="A note signed this many hours after the session is a late entry" name="lateAfterHours" value={v.lateAfterHours}
          onChange={(lateAfterHours) => set({ lateAfterHours })} isRequired minValue={1} maxValue={720} validate={between(1, 720)} />
        <CheckboxesInput label="Notes by these roles need a supervisor's co-signature" name="cosignRequiredRoles" options={AUTHOR_ROLES}
          value={(v.cosignRequiredRoles ?? []).filter((r) => AUTHOR_ROLES.some((o) => o.id === r))}
          onChange={(roles) => set({ cosignRequiredRoles: [...roles, ...otherRoles] })}
          description={otherRoles.length ? `Also set: ${otherRoles.join(', ')}` : undefined} />
        <TextInput label="Notes by staff with these credentials need one too" name="cosignRequiredCredentials" value={credentials}
          onChange={(c) => { save.reset(); setCredentials(c); }} description="Credential codes separated by commas, e.g. cadc-i, intern (registered per staff member)"
          validate={(text) => (credentialsOf(text).every((c) => CREDENTIAL.test(c)) ? null : 'Codes of lower-case letters, digits, dots and dashes')} />
      </div>
      <SaveRow save={save} label="Save documentation rules" shownFields={Object.keys(errors)} />
    </Form>
  );
}
