import { recommendPlacement } from '@iop/asam-criteria';
import { given } from '@iop/decider';
import { referralDecider, type AdmitReferral, type RecordAssessment, type ReferPatient } from './referral.decide';
import { admitted, assessed, ids, IOP_RATINGS, metadata, referred } from './referral.fixtures';

const refer = (over: Partial<ReferPatient['data']> = {}): ReferPatient => ({ type: 'ReferPatient', data: { ...referred.data, ...over }, metadata });
const assess = (ratings: unknown = IOP_RATINGS, criteriaEdition = 3): RecordAssessment => ({
  type: 'RecordAssessment', data: { assessmentId: ids.assessmentId, criteriaEdition: criteriaEdition as 3, ratings }, metadata,
});
const admit = (over: Partial<AdmitReferral['data']> = {}): AdmitReferral => ({
  type: 'AdmitReferral', data: { episodeId: ids.episodeId, levelOfCare: '2.1', ...over }, metadata,
});
const decline = { type: 'DeclineReferral' as const, data: { reason: 'needs residential care' }, metadata };
const withdraw = { type: 'WithdrawReferral' as const, data: { reason: 'moved away' }, metadata };
const waitlist = { type: 'WaitlistReferral' as const, data: { reason: 'evening track full' }, metadata };

describe('no referral yet', () => {
  it('a referral is received', () => given(referralDecider).when(refer()).then([referred]));

  it('a referral dated in the future is refused', () => {
    given(referralDecider).when(refer({ referredAt: '2025-03-06T15:00:00Z' })).thenThrows('invalid', 'future');
  });

  it('an unknown source is refused', () => {
    given(referralDecider).when(refer({ source: 'hospital' as never })).thenThrows('invalid', 'source');
  });

  it('nothing can be decided about it', () => {
    given(referralDecider).when(decline).thenThrows('not-found');
    given(referralDecider).when(admit()).thenThrows('not-found');
  });
});

describe('an open referral', () => {
  it('is assessed: the placement rules recommend a level, stored with the assessment', () => {
    const [event] = given(referralDecider, [referred]).when(assess()).events();
    expect(event).toEqual(assessed());
    expect(event.type === 'AssessmentRecorded' && event.data.recommendation.level).toBe(recommendPlacement(3, IOP_RATINGS).level);
  });

  it.each<[unknown]>([
    [{ ...IOP_RATINGS, d1: 5 }],
    [{ ...IOP_RATINGS, d2: 1.5 }],
    [{ d1: 0, d2: 0, d3: 0, d4: 0, d5: 0 }],
  ])('is not assessed with ratings %j', (ratings) => {
    given(referralDecider, [referred]).when(assess(ratings)).thenThrows('invalid', 'ratings');
  });

  it('is not assessed under an unknown edition', () => {
    given(referralDecider, [referred]).when(assess(IOP_RATINGS, 5)).thenThrows('invalid', 'edition');
  });

  it('cannot be admitted before an assessment', () => {
    given(referralDecider, [referred]).when(admit()).thenThrows('conflict', 'assess');
  });

  it('is admitted at the recommended level', () => given(referralDecider, [referred, assessed()]).when(admit()).then([admitted]));

  it('is admitted as of an earlier time when entered later from paper records', () => {
    given(referralDecider, [referred, assessed()]).when(admit({ admittedAt: '2025-03-04T10:00:00-05:00' }))
      .then([{ ...admitted, data: { ...admitted.data, admittedAt: '2025-03-04T10:00:00-05:00' } }]);
  });

  it('is not admitted in the future, nor before it was referred', () => {
    given(referralDecider, [referred, assessed()]).when(admit({ admittedAt: '2025-03-06T15:00:00Z' })).thenThrows('invalid', 'future');
    given(referralDecider, [referred, assessed()]).when(admit({ admittedAt: '2025-03-03T09:00:00-05:00' })).thenThrows('invalid', 'after the referral');
  });

  it('needs an override reason for another level, and records it', () => {
    given(referralDecider, [referred, assessed()]).when(admit({ levelOfCare: '2.5' })).thenThrows('invalid', 'overrideReason');
    given(referralDecider, [referred, assessed()]).when(admit({ levelOfCare: '2.5', overrideReason: ' co-occurring PTSD ' })).then([
      {
        type: 'ReferralAdmitted',
        data: {
          referralId: ids.referralId, episodeId: ids.episodeId, levelOfCare: '2.5', recommendedLevel: '2.1',
          overrideReason: 'co-occurring PTSD', admittedAt: metadata.now,
        },
      },
    ]);
  });

  it('is waitlisted, declined or withdrawn with a reason', () => {
    given(referralDecider, [referred]).when(waitlist).then([
      { type: 'ReferralWaitlisted', data: { referralId: ids.referralId, reason: 'evening track full', waitlistedAt: metadata.now } },
    ]);
    given(referralDecider, [referred]).when(decline).then([
      { type: 'ReferralDeclined', data: { referralId: ids.referralId, reason: 'needs residential care', declinedAt: metadata.now } },
    ]);
    given(referralDecider, [referred]).when(withdraw).then([
      { type: 'ReferralWithdrawn', data: { referralId: ids.referralId, reason: 'moved away', withdrawnAt: metadata.now } },
    ]);
  });

  it('is not declined without a reason', () => {
    given(referralDecider, [referred]).when({ ...decline, data: { reason: '  ' } }).thenThrows('invalid', 'reason');
  });
});

describe('a waitlisted referral', () => {
  const waitlisted = { type: 'ReferralWaitlisted' as const, data: { referralId: ids.referralId, waitlistedAt: metadata.now } };

  it('is not waitlisted twice', () => given(referralDecider, [referred, waitlisted]).when(waitlist).thenThrows('conflict'));

  it('can still be assessed and admitted', () => {
    given(referralDecider, [referred, waitlisted, assessed()]).when(admit()).then([admitted]);
  });
});

describe('a declined referral', () => {
  const declined = { type: 'ReferralDeclined' as const, data: { referralId: ids.referralId, reason: 'x', declinedAt: metadata.now } };

  it('cannot be admitted, assessed or withdrawn', () => {
    given(referralDecider, [referred, assessed(), declined]).when(admit()).thenThrows('conflict', 'declined');
    given(referralDecider, [referred, declined]).when(assess()).thenThrows('conflict');
    given(referralDecider, [referred, declined]).when(withdraw).thenThrows('conflict');
  });
});

describe('an admitted referral', () => {
  it('cannot be admitted again or declined', () => {
    given(referralDecider, [referred, assessed(), admitted]).when(admit()).thenThrows('conflict', 'admitted');
    given(referralDecider, [referred, assessed(), admitted]).when(decline).thenThrows('conflict');
  });
});
