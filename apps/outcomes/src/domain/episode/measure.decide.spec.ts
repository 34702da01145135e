import { given } from '@iop/decider';
import { episodeDecider as decider, type EpisodeCommand } from './episode.decide';
import { closed, EPISODE_ID, meta, opened, PATIENT_ID, scheduled } from './episode.fixtures';

const MEASURE_ID = 'a0000000-0000-4000-8000-00000000000a';
const measure = (instrument: string, answers: unknown, administeredAt?: string): EpisodeCommand => ({
  type: 'RecordMeasure',
  data: { episodeId: EPISODE_ID, measureId: MEASURE_ID, instrument, answers, ...(administeredAt ? { administeredAt } : {}) },
  metadata: meta(),
} as EpisodeCommand);

describe('measures on an active episode', () => {
  it('records a PHQ-9 with raw answers, scores, band, LOINC code, scoring version and who administered it', () => {
    const answers = [1, 2, 1, 1, 1, 1, 1, 1, 0];
    given(decider, [opened]).when(measure('PHQ-9', answers)).then([{
      type: 'MeasureRecorded',
      data: {
        measureId: MEASURE_ID, episodeId: EPISODE_ID, patientId: PATIENT_ID, instrument: 'PHQ-9', answers, scores: { total: 9 }, band: 'mild',
        safetyAlert: false, scoringVersion: 'phq9-2001', codeSystem: 'http://loinc.org', code: '44261-6',
        administeredAt: '2025-03-12T10:00:00Z', administeredBy: 'clinician-1', daysSinceStart: 2,
      },
    }]);
  });

  it('raises a safety alert with the measure when PHQ-9 item 9 is above 0', () => {
    const events = given(decider, [opened]).when(measure('PHQ-9', [0, 0, 0, 0, 0, 0, 0, 0, 1])).events();
    expect(events.map((e) => e.type)).toEqual(['MeasureRecorded', 'SafetyAlertRaised']);
    expect(events[1].data).toEqual({
      measureId: MEASURE_ID, episodeId: EPISODE_ID, patientId: PATIENT_ID, instrument: 'PHQ-9', reason: 'phq9-item9-positive', raisedAt: '2025-03-12T10:00:00Z',
    });
  });

  it('records a BAM with subscales and a local code, and no band', () => {
    const answers = { ...Object.fromEntries(Array.from({ length: 17 }, (_, i) => [String(i + 1), 1])), '7A': 1, '7B': 0, '7C': 0, '7D': 0, '7E': 0, '7F': 0, '7G': 0 };
    const [event] = given(decider, [opened]).when(measure('BAM', answers)).events();
    expect(event.data).toMatchObject({ scores: { use: 3, risk: 6, protective: 6 }, code: 'bam-17', codeSystem: 'urn:iop:outcomes:instrument', answers });
    expect(event.data).not.toHaveProperty('band');
  });

  it('refuses a BAM whose item 7 comes without its sub-items with the bam-item-7 problem, and records nothing', () => {
    const answers = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [String(i + 1), 1]));
    let thrown: unknown;
    try { given(decider, [opened]).when(measure('BAM', answers)).events(); } catch (err) { thrown = err; }
    expect(thrown).toMatchObject({ kind: 'invalid', code: 'bam-item-7', errors: [expect.objectContaining({ path: 'answers.7' })] });
  });

  it('counts a baseline taken at intake, before the first program day, as day 0', () => {
    const [event] = given(decider, [opened]).when(measure('GAD-7', [0, 0, 0, 0, 0, 0, 0], '2025-03-07T15:00:00-05:00')).events();
    expect(event.data).toMatchObject({ daysSinceStart: 0, administeredAt: '2025-03-07T15:00:00-05:00' });
  });

  it.each([
    ['answers that do not fit', measure('GAD-7', [0, 0, 0]), 'answers'],
    ['a time in the future', measure('GAD-7', [0, 0, 0, 0, 0, 0, 0], '2025-03-13T10:00:00Z'), 'administeredAt'],
    ['a time before the admission', measure('GAD-7', [0, 0, 0, 0, 0, 0, 0], '2025-03-01T10:00:00Z'), 'administeredAt'],
  ])('refuses %s', (_, command, path) => {
    given(decider, [opened]).when(command).thenThrows('invalid');
    expect(() => given(decider, [opened]).when(command).events()).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ path })] }));
  });
});

describe('drug screens and abstinence reports', () => {
  const screen = (results: { analyte: string; result: string }[], collectedOn = '2025-03-11'): EpisodeCommand => ({
    type: 'RecordDrugScreen', data: { episodeId: EPISODE_ID, screenId: MEASURE_ID, collectedOn, results }, metadata: meta(),
  } as EpisodeCommand);
  const report = (periodStart: string, periodEnd: string, daysAbstinent: number): EpisodeCommand => ({
    type: 'ReportAbstinence', data: { episodeId: EPISODE_ID, reportId: MEASURE_ID, periodStart, periodEnd, daysAbstinent }, metadata: meta(),
  });

  it('records a screen with one result per analyte', () => {
    const results = [{ analyte: 'fentanyl', result: 'negative' }, { analyte: 'thc', result: 'positive' }];
    given(decider, [opened]).when(screen(results)).then([{
      type: 'DrugScreenResulted', data: { screenId: MEASURE_ID, episodeId: EPISODE_ID, patientId: PATIENT_ID, collectedOn: '2025-03-11', results, recordedBy: 'clinician-1' },
    } as never]);
  });

  it('refuses two results for one analyte, and a collection date in the future', () => {
    given(decider, [opened]).when(screen([{ analyte: 'thc', result: 'positive' }, { analyte: 'thc', result: 'negative' }])).thenThrows('invalid');
    given(decider, [opened]).when(screen([{ analyte: 'thc', result: 'positive' }], '2025-03-20')).thenThrows('invalid');
  });

  it('records days abstinent in a period, and refuses more days than the period holds', () => {
    expect(given(decider, [opened]).when(report('2025-03-03', '2025-03-09', 7)).events()[0].data).toMatchObject({ daysAbstinent: 7, reportedBy: 'clinician-1' });
    given(decider, [opened]).when(report('2025-03-03', '2025-03-09', 8)).thenThrows('invalid', 'does not fit');
    given(decider, [opened]).when(report('2025-03-09', '2025-03-03', 0)).thenThrows('invalid');
  });
});

describe('measures after discharge', () => {
  it('are still recorded (a discharge measure entered late)', () => {
    const command = { ...measure('GAD-7', [1, 1, 1, 1, 1, 1, 1]), metadata: meta('2025-05-04T10:00:00Z') } as EpisodeCommand;
    expect(given(decider, [opened, closed, ...scheduled]).when(command).events()[0].data).toMatchObject({ scores: { total: 7 } });
  });
});
