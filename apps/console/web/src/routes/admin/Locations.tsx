/**
 * Locations and their calendars (scheduling): each location's session blocks (the evening 6-9 PM block and the
 * location's own morning blocks), the weekly curriculum that divides a track's block days into typed sessions, and the
 * on-call roster. Blocks are replaced whole (weeks already scheduled keep their sessions, as the API says); a
 * curriculum is a new version from a date on, which re-plans the weeks already generated from that date (the save
 * says what it replaced).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { idempotencyKey, scheduling, unwrap } from '../../api/client';
import { CheckboxesInput, SelectInput, TextInput, type Option, Form, FormActions } from '../../components/fields';
import { Loading, ProblemMessage } from '../../components/feedback';
import { calendarDate, localToday } from '../../lib/dates';
import { SESSION_TYPE_LABELS, TRACK_LABELS } from '../../lib/labels';
import { fieldErrors, problemOf } from '../../lib/problems';
import { hasRole, useSession } from '../../lib/session';
import { checkTime, HHMM, when, WEEKDAY_OPTIONS, WEEKDAYS } from './forms';
import type { Block, Curriculum, CurriculumSession, LocationDetail, LocationPage, OnCallShift, Track, Weekday } from './types';

const TRACK_OPTIONS: readonly Option<Track>[] = [{ id: 'evening', label: 'Evening' }, { id: 'morning', label: 'Morning' }];
type SessionKind = CurriculumSession['type'];
const SESSION_TYPE_OPTIONS: readonly Option<SessionKind>[] = (Object.entries(SESSION_TYPE_LABELS) as [SessionKind, string][]).map(([id, label]) => ({ id, label }));

/** The program's evening block: 6 to 9 PM, Monday to Thursday (the 3 hours on 4 days the program rule asks). */
export const EVENING_BLOCK: Block = { track: 'evening', days: ['MON', 'TUE', 'WED', 'THU'], start: '18:00', end: '21:00' };
/** A morning block to start from; each location sets its own hours. */
export const MORNING_BLOCK: Block = { track: 'morning', days: ['MON', 'TUE', 'WED', 'THU'], start: '09:00', end: '12:00' };

const LOCATIONS_KEY = ['locations'];

const blockProblem = (b: Block): string | null =>
  HHMM.test(b.start) && HHMM.test(b.end) && b.end <= b.start ? 'The block must end after it starts' : null;

export function Locations() {
  const session = useSession();
  const canConfigure = hasRole(session.data, 'admin');
  const [adding, setAdding] = useState(false);
  const locations = useQuery({
    queryKey: LOCATIONS_KEY,
    queryFn: () => unwrap(scheduling.GET('/v1/locations', { params: { query: { limit: 200 } } })),
  });
  return (
    <section aria-labelledby="locations-heading">
      <div className="heading-row">
        <h2 id="locations-heading">Locations and session blocks</h2>
        {canConfigure && !adding && (
          <Button className="button" onPress={() => setAdding(true)}>
            New location
          </Button>
        )}
      </div>
      {adding && <NewLocationForm onDone={() => setAdding(false)} />}
      {locations.isPending && <Loading what="the locations" />}
      <ProblemMessage error={locations.error} />
      {locations.data?.items.length === 0 && <p className="subtle">No locations yet.</p>}
      {locations.data?.items.map((l) => (
        <LocationPanel key={l.locationId} location={{ ...l, curricula: l.curricula ?? null }} />
      ))}
    </section>
  );
}

function NewLocationForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [blocks, setBlocks] = useState<Block[]>([EVENING_BLOCK]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        scheduling.POST('/v1/locations', { headers: { 'Idempotency-Key': idempotencyKey() }, body: { name: name.trim(), timezone: timezone.trim(), blocks } }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: LOCATIONS_KEY });
      onDone();
    },
  });
  const errors = fieldErrors(problemOf(save.error));
  return (
    <section className="panel" aria-labelledby="new-location-heading">
      <h3 id="new-location-heading">New location</h3>
      <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <div className="form-grid">
          <TextInput label="Name" name="name" value={name} onChange={setName} isRequired maxLength={200} autoFocus validate={(v) => (v.trim() ? null : 'Enter the name')} />
          <TextInput label="Time zone" name="timezone" value={timezone} onChange={setTimezone} isRequired maxLength={64}
            description="IANA time zone, e.g. America/New_York: blocks and dates are local to it" />
        </div>
        <BlockRows blocks={blocks} onChange={setBlocks} />
        <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} />}>
          <Button type="submit" className="button" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save location'}
          </Button>
          <Button className="button button-secondary" onPress={onDone}>
            Cancel
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}

function LocationPanel({ location }: { location: LocationDetail }) {
  const session = useSession();
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{location.name}</h3>
      <dl className="facts">
        <div>
          <dt>Time zone</dt>
          <dd>{location.timezone}</dd>
        </div>
        <div>
          <dt>Configured</dt>
          <dd>{when(location.configuredAt)}</dd>
        </div>
      </dl>
      {hasRole(session.data, 'admin') ? <BlocksForm location={location} /> : <BlocksTable blocks={location.blocks} />}
      {hasRole(session.data, 'admin', 'medical-director') && <CurriculumPart location={location} />}
      {hasRole(session.data, 'admin', 'supervisor') && <OnCallPart location={location} />}
    </section>
  );
}

function BlocksTable({ blocks }: { blocks: Block[] }) {
  return (
    <table className="table">
      <caption className="visually-hidden">Session blocks</caption>
      <thead>
        <tr>
          <th scope="col">Track</th>
          <th scope="col">Days</th>
          <th scope="col">Hours</th>
        </tr>
      </thead>
      <tbody>
        {blocks.map((b, i) => (
          <tr key={i}>
            <td>{TRACK_LABELS[b.track] ?? b.track}</td>
            <td>{b.days.join(', ')}</td>
            <td>
              {b.start}–{b.end}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Rows of blocks, each a fieldset named by its number: track, days, start and end in the location's own time. */
function BlockRows({ blocks, onChange }: { blocks: Block[]; onChange: (blocks: Block[]) => void }) {
  const set = (i: number, change: Partial<Block>) => onChange(blocks.map((b, j) => (j === i ? { ...b, ...change } : b)));
  const hasEvening = blocks.some((b) => b.track === 'evening');
  return (
    <>
      {blocks.map((b, i) => (
        <fieldset key={i} className="row-editor">
          <legend className="visually-hidden">Block {i + 1}</legend>
          <SelectInput label="Track" name={`blocks.${i}.track`} options={TRACK_OPTIONS} value={b.track} onChange={(v) => v && set(i, { track: v })} isRequired />
          <CheckboxesInput label="Days" name={`blocks.${i}.days`} options={WEEKDAY_OPTIONS} value={b.days}
            onChange={(days) => set(i, { days: WEEKDAYS.filter((d) => days.includes(d)) })} validate={(v) => (v.length ? null : 'Choose at least one day')} />
          <TextInput label="Start" name={`blocks.${i}.start`} value={b.start} onChange={(start) => set(i, { start })} isRequired validate={checkTime} description="HH:mm" />
          <TextInput label="End" name={`blocks.${i}.end`} value={b.end} onChange={(end) => set(i, { end })} isRequired
            validate={(v) => checkTime(v) ?? blockProblem({ ...b, end: v })} description="HH:mm" />
          <Button className="button button-secondary" onPress={() => onChange(blocks.filter((_, j) => j !== i))} aria-label={`Remove block ${i + 1}`}>
            Remove
          </Button>
        </fieldset>
      ))}
      <div className="actions">
        {!hasEvening && (
          <Button className="button button-secondary" onPress={() => onChange([...blocks, EVENING_BLOCK])}>
            Add the evening block (6–9 PM)
          </Button>
        )}
        <Button className="button button-secondary" onPress={() => onChange([...blocks, MORNING_BLOCK])}>
          Add a morning block
        </Button>
      </div>
    </>
  );
}

function BlocksForm({ location }: { location: LocationDetail }) {
  const queryClient = useQueryClient();
  const [blocks, setBlocks] = useState<Block[]>(location.blocks);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        scheduling.PUT('/v1/locations/{id}/blocks', { params: { path: { id: location.locationId } }, body: { blocks } }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: LOCATIONS_KEY }),
  });
  const errors = fieldErrors(problemOf(save.error));
  const headingId = useId();
  // A 409 (the location changed meanwhile): the blocks as they are now replace what was typed.
  const reload = async () => {
    save.reset();
    await queryClient.invalidateQueries({ queryKey: LOCATIONS_KEY });
    const fresh = queryClient.getQueryData<LocationPage>(LOCATIONS_KEY)?.items.find((l) => l.locationId === location.locationId);
    if (fresh) setBlocks(fresh.blocks);
  };
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <h4 id={headingId}>Session blocks</h4>
      <p className="subtle">Times are in {location.timezone}. Weeks already scheduled keep their sessions; the weeks scheduled next follow these blocks.</p>
      <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <BlockRows blocks={blocks} onChange={(b) => { save.reset(); setBlocks(b); }} />
        <FormActions messages={<>
          <ProblemMessage error={save.error} shownFields={Object.keys(errors)} onReload={() => void reload()} />
          {save.isSuccess && (
            <p role="status" className="notice">
              Blocks saved.
            </p>
          )}
        </>}>
          <Button type="submit" className="button" isDisabled={save.isPending || blocks.length === 0}>
            {save.isPending ? 'Saving…' : 'Save blocks'}
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}

/** The next Monday on or after today: a curriculum usually starts with a week. */
function nextMonday(): string {
  const d = new Date();
  d.setDate(d.getDate() + ((8 - d.getDay()) % 7));
  return localToday(d);
}

/** One session per block day covering the whole block: a start the medical director divides further. */
const fromBlocks = (blocks: Block[], track: Track): CurriculumSession[] =>
  blocks.filter((b) => b.track === track).flatMap((b) => b.days.map((day) => ({ day, start: b.start, end: b.end, type: 'group-therapy' as const })));

function CurriculumPart({ location }: { location: LocationDetail }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const tracks = [...new Set(location.blocks.map((b) => b.track))];
  const [track, setTrack] = useState<Track | null>(tracks[0] ?? null);
  const [effectiveFrom, setEffectiveFrom] = useState(nextMonday());
  const [sessions, setSessions] = useState<CurriculumSession[]>([]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        scheduling.PUT('/v1/locations/{locationId}/curriculum', { params: { path: { locationId: location.locationId } }, body: { track: track!, effectiveFrom, sessions } }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: LOCATIONS_KEY }),
  });
  const errors = fieldErrors(problemOf(save.error));
  const set = (i: number, change: Partial<CurriculumSession>) => { save.reset(); setSessions(sessions.map((s, j) => (j === i ? { ...s, ...change } : s))); };
  const latest = (t: Track): Curriculum | undefined => (location.curricula ?? []).filter((c) => c.track === t).at(-1);
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <h4 id={headingId}>Weekly curriculum</h4>
      {(location.curricula ?? []).length === 0 ? (
        <p className="subtle">No curriculum yet: each block day is filled with 90-minute group therapy sessions.</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">Curriculum versions</caption>
          <thead>
            <tr>
              <th scope="col">Track</th>
              <th scope="col">From</th>
              <th scope="col">Sessions</th>
            </tr>
          </thead>
          <tbody>
            {(location.curricula ?? []).map((c) => (
              <tr key={`${c.track}-${c.effectiveFrom}`}>
                <td>{TRACK_LABELS[c.track] ?? c.track}</td>
                <td>{calendarDate(c.effectiveFrom)}</td>
                <td>
                  {c.sessions.map((s) => `${s.day} ${s.start}–${s.end} ${SESSION_TYPE_LABELS[s.type] ?? s.type}`).join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <div className="form-grid">
          <SelectInput label="Track" name="track" options={TRACK_OPTIONS.filter((o) => tracks.includes(o.id))} value={track} onChange={(t) => { save.reset(); setTrack(t); }} isRequired />
          <TextInput label="Effective from" name="effectiveFrom" type="date" value={effectiveFrom} onChange={(v) => { save.reset(); setEffectiveFrom(v); }} isRequired
            validate={(v) => (v && v < localToday() ? 'Today or later: sessions already held keep theirs' : null)} />
        </div>
        <div className="actions">
          <Button className="button button-secondary" isDisabled={!track} onPress={() => { save.reset(); setSessions(track ? fromBlocks(location.blocks, track) : []); }}>
            Start from the blocks
          </Button>
          <Button className="button button-secondary" isDisabled={!track || !latest(track)} onPress={() => { save.reset(); setSessions(track ? (latest(track)?.sessions ?? []) : []); }}>
            Start from the current version
          </Button>
        </div>
        {sessions.map((s, i) => (
          <fieldset key={i} className="row-editor">
            <legend className="visually-hidden">Session {i + 1}</legend>
            <SelectInput label="Day" name={`sessions.${i}.day`} options={WEEKDAY_OPTIONS} value={s.day} onChange={(v) => v && set(i, { day: v as Weekday })} isRequired />
            <TextInput label="Start" name={`sessions.${i}.start`} value={s.start} onChange={(start) => set(i, { start })} isRequired validate={checkTime} />
            <TextInput label="End" name={`sessions.${i}.end`} value={s.end} onChange={(end) => set(i, { end })} isRequired validate={checkTime} />
            <SelectInput label="Type" name={`sessions.${i}.type`} options={SESSION_TYPE_OPTIONS} value={s.type} onChange={(v) => v && set(i, { type: v })} isRequired className="field-wide" />
            <Button className="button button-secondary" aria-label={`Remove session ${i + 1}`} onPress={() => { save.reset(); setSessions(sessions.filter((_, j) => j !== i)); }}>
              Remove
            </Button>
          </fieldset>
        ))}
        <FormActions messages={<>
          <ProblemMessage error={save.error} shownFields={Object.keys(errors)} />
          {save.data && (
            <p role="status" className="notice">
              Curriculum saved from {calendarDate(save.data.effectiveFrom)}.
              {replanText(save.data.replaced)}
              {save.data.weeksKept.length > 0 && ` Sessions already begun or attended stay as they were in the weeks of ${save.data.weeksKept.map(calendarDate).join(', ')}.`}
            </p>
          )}
        </>}>
          <Button className="button button-secondary" onPress={() => { save.reset(); setSessions([...sessions, { day: 'MON', start: '18:00', end: '19:30', type: 'group-therapy' }]); }}>
            Add a session
          </Button>
          <Button type="submit" className="button" isDisabled={save.isPending || sessions.length === 0 || !track}>
            {save.isPending ? 'Saving…' : 'Save curriculum'}
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}

const emptyShift = (): OnCallShift => ({ staffId: '', from: '', to: '', contact: '' });

/** What a curriculum version changed in the weeks already generated, in a sentence (nothing when it changed nothing). */
function replanText(r: { weeks: string[]; sessionsCancelled: number; sessionsCreated: number; episodesRebooked: number }): string {
  if (r.sessionsCancelled === 0 && r.sessionsCreated === 0) return '';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return ` In the ${plural(r.weeks.length, 'week')} already scheduled: ${plural(r.sessionsCancelled, 'session')} cancelled, ${plural(r.sessionsCreated, 'session')} created, ${plural(r.episodesRebooked, 'patient')} rebooked.`;
}

/** Who is on call now, and the roster of a period replaced by the shifts entered (times in the location's zone). */
function OnCallPart({ location }: { location: LocationDetail }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const key = ['on-call', location.locationId];
  const now = useQuery({
    queryKey: key,
    queryFn: () => unwrap(scheduling.GET('/v1/locations/{locationId}/on-call', { params: { path: { locationId: location.locationId } } })),
  });
  const [shifts, setShifts] = useState<OnCallShift[]>([emptyShift()]);
  const [allowOverlap, setAllowOverlap] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        scheduling.PUT('/v1/locations/{locationId}/on-call', {
          params: { path: { locationId: location.locationId } },
          body: { shifts: shifts.map((s) => ({ ...s, staffId: s.staffId.trim(), contact: s.contact.trim() })), ...(allowOverlap ? { allowOverlap: true } : {}) },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const errors = fieldErrors(problemOf(save.error));
  const set = (i: number, change: Partial<OnCallShift>) => { save.reset(); setShifts(shifts.map((s, j) => (j === i ? { ...s, ...change } : s))); };
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <h4 id={headingId}>On call</h4>
      {now.isPending && <Loading what="who is on call" />}
      <ProblemMessage error={now.error} />
      {now.data && (
        <p>
          {now.data.onCall.length === 0
            ? 'Nobody is on call right now.'
            : `On call now: ${now.data.onCall.map((s) => `${s.staffId} (${s.contact}, until ${s.to.replace('T', ' ').slice(0, 16)})`).join('; ')}.`}
        </p>
      )}
      <p className="subtle">
        Enter shifts in {location.timezone} time. Saving replaces the shifts on record from the earliest start to the latest end entered.
      </p>
      <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        {shifts.map((s, i) => (
          <fieldset key={i} className="row-editor">
            <legend className="visually-hidden">Shift {i + 1}</legend>
            <TextInput label="Staff id" name={`shifts.${i}.staffId`} value={s.staffId} onChange={(staffId) => set(i, { staffId })} isRequired maxLength={128} />
            <TextInput label="From" name={`shifts.${i}.from`} type="datetime-local" value={s.from} onChange={(from) => set(i, { from })} isRequired />
            <TextInput label="To" name={`shifts.${i}.to`} type="datetime-local" value={s.to} onChange={(to) => set(i, { to })} isRequired
              validate={(v) => (v && s.from && v <= s.from ? 'Must end after it starts' : null)} />
            <TextInput label="Contact" name={`shifts.${i}.contact`} value={s.contact} onChange={(contact) => set(i, { contact })} isRequired maxLength={200} className="field-wide" />
            <Button className="button button-secondary" aria-label={`Remove shift ${i + 1}`} onPress={() => { save.reset(); setShifts(shifts.filter((_, j) => j !== i)); }}>
              Remove
            </Button>
          </fieldset>
        ))}
        <div className="actions">
          <Button className="button button-secondary" onPress={() => setShifts([...shifts, emptyShift()])}>
            Add a shift
          </Button>
          <Checkbox className="checkbox" isSelected={allowOverlap} onChange={setAllowOverlap}>
            <span className="checkbox-mark" aria-hidden="true" />
            <span>Allow overlapping shifts (two people on call at once)</span>
          </Checkbox>
        </div>
        <FormActions messages={<>
          <ProblemMessage error={save.error} shownFields={Object.keys(errors)} />
          {save.data && (
            <p role="status" className="notice">
              On-call roster saved: {save.data.shifts.length} {save.data.shifts.length === 1 ? 'shift' : 'shifts'} from {save.data.from.replace('T', ' ').slice(0, 16)} to{' '}
              {save.data.to.replace('T', ' ').slice(0, 16)}.
            </p>
          )}
        </>}>
          <Button type="submit" className="button" isDisabled={save.isPending || shifts.length === 0}>
            {save.isPending ? 'Saving…' : 'Save on-call shifts'}
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}
