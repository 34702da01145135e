import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { admissions, unwrap } from '../../api/client';
import type { components } from '../../api/admissions';
import { RadioInput, TextAreaInput, Form, FormActions } from '../../components/fields';
import { Loading, ProblemMessage } from '../../components/feedback';
import { levelLabel, type CriteriaEdition } from '../../lib/asam';
import { fieldErrors, problemOf } from '../../lib/problems';
import type { Versioned } from './ReferralDetail';

type Recommendation = components['schemas']['RecommendationDto'];
type Dimension = components['schemas']['DimensionCriteriaDto'];
type Key = Dimension['key'];
type RatingId = '0' | '1' | '2' | '3' | '4';
const KEYS: Key[] = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A dimension's ratings as choices: each with the criterion the placement table cites for it (its anchor). */
const ratingOptions = (d: Dimension) =>
  d.ratings.map((a) => ({ id: String(a.rating) as RatingId, label: `${a.rating} ${capitalized(a.label)}`, detail: a.criterion }));

/** The criteria the API assesses against: each edition's dimensions and their rating anchors (the same for everyone). */
const useCriteria = () =>
  useQuery({
    queryKey: ['assessment-criteria'],
    staleTime: Infinity,
    queryFn: () => unwrap(admissions.GET('/v1/assessment-criteria')),
  });

/** The ASAM multidimensional assessment: six ratings with their anchors, optional rationale; answers with the placement. */
export function AssessmentForm({ versioned, collapsed, onSaved, onReload }: { versioned: Versioned; collapsed: boolean; onSaved: () => void; onReload: () => void }) {
  // Already assessed: the form opens on request (a new assessment replaces the recommendation).
  const [open, setOpen] = useState(!collapsed);
  const [edition, setEdition] = useState<CriteriaEdition>(3);
  const [ratings, setRatings] = useState<Partial<Record<Key, string>>>({});
  const [rationale, setRationale] = useState<Partial<Record<Key, string>>>({});
  const criteria = useCriteria();
  const dimensions = criteria.data?.editions.find((e) => e.edition === edition)?.dimensions ?? [];
  const save = useMutation({
    mutationFn: () => {
      const notes = Object.fromEntries(KEYS.flatMap((k) => (rationale[k]?.trim() ? [[k, rationale[k]!.trim()]] : [])));
      return unwrap(
        admissions.POST('/v1/referrals/{referralId}/assessments', {
          params: { path: { referralId: versioned.referral.referralId } },
          headers: versioned.etag ? { 'If-Match': versioned.etag } : {},
          body: {
            criteriaEdition: edition,
            ratings: Object.fromEntries(KEYS.map((k) => [k, Number(ratings[k])])) as Record<Key, number>,
            ...(Object.keys(notes).length ? { rationale: notes } : {}),
          },
        }),
      );
    },
    onSuccess: onSaved,
  });
  const errors = fieldErrors(problemOf(save.error));
  return (
    <section className="subpanel" aria-labelledby="assessment-heading">
      <h3 id="assessment-heading">ASAM assessment</h3>
      {save.data ? (
        <div role="status">
          <p className="notice">Assessment recorded.</p>
          <RecommendationView recommendation={save.data.recommendation} edition={edition} />
          <Button className="button button-secondary" onPress={() => save.reset()}>
            Assess again
          </Button>
        </div>
      ) : !open ? (
        <Button className="button button-secondary" onPress={() => setOpen(true)}>
          Assess again
        </Button>
      ) : criteria.isPending ? (
        <Loading what="the assessment criteria" />
      ) : criteria.isError ? (
        <ProblemMessage error={criteria.error} />
      ) : (
        <Form
          validationErrors={errors}
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <RadioInput
            label="Criteria edition"
            name="criteriaEdition"
            orientation="horizontal"
            options={[
              { id: '3', label: '3rd edition (2013)' },
              { id: '4', label: '4th edition (2023)' },
            ]}
            value={String(edition) as '3' | '4'}
            onChange={(v) => setEdition(Number(v) as CriteriaEdition)}
            isRequired
          />
          {dimensions.map((d) => (
            <fieldset key={d.key} className="dimension">
              <legend>
                {d.key.toUpperCase()}: {d.name}
              </legend>
              <RadioInput
                label={`Rating for ${d.key.toUpperCase()}`}
                name={`ratings.${d.key}`}
                orientation="horizontal"
                className="ratings"
                options={ratingOptions(d)}
                value={(ratings[d.key] as RatingId | undefined) ?? null}
                onChange={(v) => setRatings((all) => ({ ...all, [d.key]: v }))}
                isRequired
              />
              <TextAreaInput
                label={`Rationale for ${d.key.toUpperCase()} (optional)`}
                name={`rationale.${d.key}`}
                value={rationale[d.key] ?? ''}
                onChange={(v) => setRationale((all) => ({ ...all, [d.key]: v }))}
                rows={2}
                maxLength={4000}
              />
            </fieldset>
          ))}
          <FormActions messages={<ProblemMessage error={save.error} onReload={() => {
            save.reset();
            onReload();
          }} shownFields={Object.keys(errors)} />}>
            <Button type="submit" className="button" isDisabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Record assessment'}
            </Button>
          </FormActions>
        </Form>
      )}
    </section>
  );
}

/** The recommended level, the dimension that decided it, and each rule the criteria evaluated with its evidence. */
export function RecommendationView({ recommendation, edition }: { recommendation: Recommendation; edition: CriteriaEdition }) {
  return (
    <div className="recommendation">
      <p>
        Recommended: <strong>{levelLabel(recommendation.level, edition)}</strong>, decided by {recommendation.decidingDimension.toUpperCase()}.
      </p>
      <ul className="rules">
        {recommendation.rules.map((rule) => (
          <li key={rule.id} className={rule.passed ? 'rule-passed' : 'rule-exceeded'}>
            <span className="rule-mark" aria-hidden="true">
              {rule.passed ? '✓' : '↑'}
            </span>
            <span className="visually-hidden">{rule.passed ? 'Manages the rating:' : 'Exceeded:'}</span> {rule.evidence}
          </li>
        ))}
      </ul>
    </div>
  );
}
