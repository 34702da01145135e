import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { asyncApiJson, buildAsyncApiDocument } from './asyncapi';
import { CONTRACTS } from './registry';
import { ALL_TOPICS } from './topics';
import { ajv } from './validation';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a JSON document
const doc = buildAsyncApiDocument() as Json;
const committed = resolve(__dirname, '..', '..', '..', 'docs', 'asyncapi.json');

describe('the AsyncAPI document', () => {
  it('parses with @asyncapi/parser without errors', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(doc));
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('/')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document?.allMessages().length).toBe(CONTRACTS.length);
    expect(document?.channels().length).toBe(ALL_TOPICS.length);
  }, 30_000);

  it('has a channel for every topic and its .dlq, with the messages of the topic', () => {
    const channels = Object.values(doc.channels as Json);
    expect(channels.map((c) => c.address).sort()).toEqual([...ALL_TOPICS].sort());
    for (const c of CONTRACTS) {
      const refs = (ch: Json) => Object.values(ch.messages as Json).map((m) => m.$ref as string);
      const holders = channels.filter((ch) => refs(ch).some((ref) => ref.endsWith(`/${c.type}`)));
      expect(holders.map((ch) => ch.address).sort()).toEqual([c.topic, `${c.topic}.dlq`]);
    }
  });

  it.each(CONTRACTS.map((c) => [c.type, c] as const))('describes %s: payload, headers, key and example', (_, c) => {
    const message = doc.components.messages[c.type];
    expect(message.payload.schema).toBe(c.schema);
    expect(message.headers.properties.ce_type.const).toBe(c.type);
    expect(message.headers.required).toEqual(expect.arrayContaining(['ce_id', 'ce_type', 'ce_source', 'ce_tenantid']));
    expect(message.bindings.kafka.key.description).toContain(`Record key: ${c.key}`);
    expect(message.bindings.kafka.key.type).toBe('string');
    expect(message.examples[0].payload).toBe(c.example);
    expect(message.examples[0].headers.ce_type).toBe(c.type);
    const headersValid = ajv.compile(message.headers);
    expect(headersValid(message.examples[0].headers) ? [] : headersValid.errors).toEqual([]);
  });

  it('lets each owning service send on its topic, and consumers on the dead-letter topics', () => {
    const operations = Object.values(doc.operations as Json);
    expect(operations.every((o) => o.action === 'send')).toBe(true);
    const sentTo = operations.map((o) => doc.channels[o.channel.$ref.split('/').pop()].address).sort();
    expect(sentTo).toEqual([...ALL_TOPICS].sort());
    expect(doc.servers.local).toMatchObject({ host: '127.0.0.1:59092', protocol: 'kafka' });
  });

  it('explains on the analytics topic what was removed and why', () => {
    const analytics = doc.channels.analytics.description as string;
    for (const phrase of ['displayName', 'dates of birth', 'free-text', 'HIPAA', '42 CFR Part 2', 'minimum-necessary']) {
      expect(analytics).toContain(phrase);
    }
  });

  it('matches the committed docs/asyncapi.json', () => {
    const current = readFileSync(committed, 'utf8');
    const fresh = asyncApiJson(doc);
    if (current !== fresh) {
      throw new Error('docs/asyncapi.json is out of date with the contracts: regenerate it with `npm run asyncapi`.');
    }
  });
});
