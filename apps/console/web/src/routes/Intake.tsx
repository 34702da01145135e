import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router-dom';
import { admissions, unwrap } from '../api/client';
import type { components } from '../api/admissions';
import { Loading, ProblemMessage } from '../components/feedback';
import { ageInDays } from '../lib/dates';
import { BOARD_COLUMNS, sourceLabel, STAGE_LABELS, type ReferralStage } from '../lib/labels';
import { patientName } from '../lib/patients';
import { hasRole, useSession } from '../lib/session';
import { useTitle } from '../lib/title';
import { ReferralDetail } from './intake/ReferralDetail';
import { ReferralForm } from './intake/ReferralForm';

const REFERRAL_READERS = ['intake', 'admin', 'clinician', 'supervisor', 'psychiatrist', 'nurse'];

type Referral = components['schemas']['ReferralDto'];

/** One column of the board: the API's `?stage=` (open referrals split by whether they were assessed). */
async function referralsAt(stage: ReferralStage): Promise<Referral[]> {
  const all: Referral[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(admissions.GET('/v1/referrals', { params: { query: { stage, limit: 200, cursor } } }));
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && all.length < 1000);
  return all;
}

export function Intake() {
  useTitle('Intake');
  const session = useSession();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selected = params.get('referral');
  const [adding, setAdding] = useState(false);
  const lists = useQueries({
    queries: BOARD_COLUMNS.map((stage) => ({ queryKey: ['referrals', stage], queryFn: () => referralsAt(stage) })),
  });
  const canRefer = hasRole(session.data, 'intake', 'admin');
  if (!hasRole(session.data, ...REFERRAL_READERS)) {
    return (
      <section>
        <h1>Intake</h1>
        <p>Your roles do not include intake or clinical work, so referrals are not shown.</p>
      </section>
    );
  }
  const open = (referralId: string | null) => {
    const next = new URLSearchParams(params);
    if (referralId) next.set('referral', referralId);
    else next.delete('referral');
    setParams(next);
  };
  return (
    <section aria-labelledby="intake-heading">
      <div className="heading-row">
        <h1 id="intake-heading">Intake</h1>
        {canRefer && !adding && (
          <Button className="button" onPress={() => setAdding(true)}>
            New referral
          </Button>
        )}
      </div>
      {adding && (
        <ReferralForm
          onCancel={() => setAdding(false)}
          onCreated={(referralId) => {
            setAdding(false);
            void queryClient.invalidateQueries({ queryKey: ['referrals'] });
            open(referralId);
          }}
        />
      )}
      {selected && <ReferralDetail key={selected} referralId={selected} onClose={() => open(null)} />}
      <div className="board">
        {BOARD_COLUMNS.map((stage, i) => {
          const q = lists[i];
          const items = q.data;
          const label = STAGE_LABELS[stage];
          // The region is named by the stage alone (the count is beside it, not part of its name).
          return (
            <section key={stage} className="board-column" aria-labelledby={`col-${stage}`}>
              <h2>
                <span id={`col-${stage}`}>{label}</span> <span className="count">{items ? items.length : ''}</span>
              </h2>
              {q.isPending && <Loading what={label.toLowerCase()} />}
              <ProblemMessage error={q.error} />
              {items && items.length === 0 && <p className="muted">None</p>}
              {items && items.length > 0 && (
                <ul className="cards">
                  {items.map((r) => (
                    <ReferralCard key={r.referralId} referral={r} selected={r.referralId === selected} />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </section>
  );
}

function ReferralCard({ referral, selected }: { referral: Referral; selected: boolean }) {
  const name = patientName(referral.patient);
  const days = ageInDays(referral.referredAt);
  return (
    <li className={`card ${selected ? 'card-selected' : ''}`}>
      <Link to={`/intake?referral=${referral.referralId}`} className="card-link" aria-current={selected ? 'true' : undefined}>
        {name}
      </Link>
      <div className="card-meta">
        <span>{sourceLabel(referral.source)}</span>
        <span className="nowrap">
          {days} {days === 1 ? 'day' : 'days'}
        </span>
      </div>
      {referral.recommendedLevel && <div className="card-meta">Recommended: Level {referral.recommendedLevel}</div>}
      {referral.stage === 'admitted' && (
        <div className="card-meta">
          <Link to={`/patients/${referral.patientId}`} aria-label={`Open the chart of ${name}`}>
            Open the chart
          </Link>
        </div>
      )}
    </li>
  );
}
