import { canonicalJson, GENESIS, linkHash, verifyChain, type ChainRow } from './hash-chain';

function chain(contents: object[]): ChainRow[] {
  let prev = GENESIS;
  return contents.map((content, i) => {
    const hash = linkHash(prev, content);
    const row = { version: i + 1, content, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

const versions = [{ kind: 'original', body: 'Signed text.' }, { kind: 'cosignature', by: 'sam' }, { kind: 'amendment', body: 'Addendum.', reason: 'typo' }];

describe('note hash chain', () => {
  it('does not depend on key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 1 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"e":1,"f":2}]},"b":1}');
    expect(linkHash(GENESIS, { a: 1, b: 2 })).toBe(linkHash(GENESIS, { b: 2, a: 1 }));
  });

  it('accepts an untouched chain', () => {
    expect(verifyChain(chain(versions))).toEqual({ valid: true, versions: 3 });
  });

  it('finds a changed content at its version', () => {
    const rows = chain(versions);
    rows[1] = { ...rows[1], content: { kind: 'cosignature', by: 'mallory' } };
    expect(verifyChain(rows)).toEqual({ valid: false, versions: 3, brokenAt: 2 });
  });

  it('finds a row rewritten with a fresh hash at the next link', () => {
    const rows = chain(versions);
    const forged = { kind: 'original', body: 'Rewritten.' };
    rows[0] = { ...rows[0], content: forged, hash: linkHash(GENESIS, forged) };
    expect(verifyChain(rows)).toEqual({ valid: false, versions: 3, brokenAt: 2 });
  });

  it('finds a deleted version', () => {
    const rows = chain(versions);
    expect(verifyChain([rows[0], rows[2]])).toMatchObject({ valid: false, brokenAt: 2 });
  });
});
