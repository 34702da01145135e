/**
 * The episode's ASAM reassessments (clinical-notes GET /v1/episodes/{episodeId}/reassessments, newest first): when,
 * by whom, the six dimension ratings, and the rationale where the API gives it (the assessing roles only); a form
 * records one (POST) for the roles that may.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { clinicalNotes, idempotencyKey, unwrap } from '../../api/client';
import { Form, FormActions, NumberInput, SelectInput, TextAreaInput } from '../../components/fields';
import { ProblemMessage } from '../../components/feedback';
import { calendarDate } from '../../lib/dates';
import { fieldErrors, problemOf } from '../../lib/problems';
import { hasRole, useSession } from '../../lib/session';
import { ChartSection } from './ChartSection';
import { reassessmentsQuery } from './queries';
import { DIMENSION_NAMES, DIMENSIONS, type Dimension } from './forms';

/** Who may record one (clinical-notes' POST /v1/episodes/{episodeId}/reassessments). */
export const ASSESSORS = ['clinician', 'supervisor', 'psychiatrist'];

const EDITIONS = [
  { id: '3', label: 'ASAM Criteria, 3rd edition (2013)' },
  { id: '4', label: 'ASAM Criteria, 4th edition (2023)' },
] as const;
type Edition = (typeof EDITIONS)[number]['id'];

export function Reassessments({ episodeId, active }: { episodeId: string; active: boolean }) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const q = useQuery(reassessmentsQuery(episodeId));
  const assessor = active && hasRole(session.data, ...ASSESSORS);
  return (
    <ChartSection title="Reassessments" query={q}>
      {(items) => (
        <>
          {items.length === 0 ? (
            <p className="muted">No reassessment recorded.</p>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <caption className="visually-hidden">ASAM dimension ratings (0 to 4), newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    {DIMENSIONS.map((d) => (
                      <th key={d} scope="col">
                        <abbr title={DIMENSION_NAMES[d]}>{d.toUpperCase()}</abbr>
                      </th>
                    ))}
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.reassessmentId}>
                      <th scope="row">
                        {calendarDate(r.recordedAt.slice(0, 10))} <span className="muted">(edition {r.criteriaEdition})</span>
                      </th>
                      {DIMENSIONS.map((d) => (
                        <td key={d}>{r.ratings[d]}</td>
                      ))}
                      <td>{r.recordedBy}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {items.some((r) => r.rationale && Object.values(r.rationale).some(Boolean)) && (
            <details>
              <summary>Rationale</summary>
              <ul className="plain-list">
                {items.filter((r) => r.rationale).map((r) => (
                  <li key={r.reassessmentId}>
                    <strong>{calendarDate(r.recordedAt.slice(0, 10))}</strong>
                    <ul>
                      {DIMENSIONS.filter((d) => r.rationale?.[d]).map((d) => (
                        <li key={d}>
                          {d.toUpperCase()} ({DIMENSION_NAMES[d]}): {r.rationale![d]}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </details>
          )}
          {assessor && !open && (
            <div className="chart-actions">
              <Button className="button button-secondary" onPress={() => {
                setSaved(false);
                setOpen(true);
              }}>
                Record a reassessment
              </Button>
              {saved && <span role="status" className="notice">Reassessment recorded.</span>}
            </div>
          )}
          {assessor && open && <ReassessmentForm episodeId={episodeId} onDone={(ok) => {
            setOpen(false);
            setSaved(ok);
          }} />}
        </>
      )}
    </ChartSection>
  );
}

function ReassessmentForm({ episodeId, onDone }: { episodeId: string; onDone: (saved: boolean) => void }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [edition, setEdition] = useState<Edition | null>('3');
  const [ratings, setRatings] = useState<Partial<Record<Dimension, number>>>({});
  const [rationale, setRationale] = useState<Partial<Record<Dimension, string>>>({});
  const save = useMutation({
    mutationFn: () => {
      const written = Object.fromEntries(DIMENSIONS.filter((d) => rationale[d]?.trim()).map((d) => [d, rationale[d]!.trim()]));
      return unwrap(clinicalNotes.POST('/v1/episodes/{episodeId}/reassessments', {
        params: { path: { episodeId } },
        headers: { 'Idempotency-Key': idempotencyKey() },
        body: {
          criteriaEdition: Number(edition) as 3 | 4,
          ratings: ratings as Record<string, never>,
          ...(Object.keys(written).length ? { rationale: written } : {}),
        },
      }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['reassessments', episodeId] });
      onDone(true);
    },
  });
  const errors = useMemo(() => fieldErrors(problemOf(save.error)), [save.error]);
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Record a reassessment</h3>
      <Form
        validationErrors={errors}
        onSubmit={(e) => {
          e.preventDefault();
          if (edition && DIMENSIONS.every((d) => ratings[d] !== undefined)) save.mutate();
        }}
      >
        <SelectInput label="Criteria edition" name="criteriaEdition" options={EDITIONS} value={edition} onChange={setEdition} isRequired />
        <div className="form-grid">
          {DIMENSIONS.map((d) => (
            <NumberInput key={d} label={`${d.toUpperCase()} ${DIMENSION_NAMES[d]}`} name={`ratings.${d}`} minValue={0} maxValue={4} isRequired
              description="0 (none) to 4 (severe)" value={ratings[d]} onChange={(v) => setRatings((all) => ({ ...all, [d]: v }))} />
          ))}
        </div>
        <details>
          <summary>Rationale (optional, per dimension)</summary>
          {DIMENSIONS.map((d) => (
            <TextAreaInput key={d} label={`${d.toUpperCase()} rationale`} name={`rationale.${d}`} maxLength={4000} rows={2}
              value={rationale[d] ?? ''} onChange={(v) => setRationale((all) => ({ ...all, [d]: v }))} />
          ))}
        </details>
        <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} />}>
          <Button type="submit" className="button" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Record the reassessment'}
          </Button>
          <Button className="button button-quiet" onPress={() => onDone(false)}>
            Cancel
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}
