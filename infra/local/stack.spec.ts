import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPostgresCanReach, MissingPrerequisite } from './stack';

const asRoot = process.getuid?.() === 0;

describe('the local stack, started by root', () => {
  (asRoot ? it : it.skip)('says which folder the postgres user cannot enter, instead of a failed initdb', () => {
    const privateDir = mkdtempSync(join(tmpdir(), 'iop-private-'));
    try {
      chmodSync(privateDir, 0o700);
      const stack = join(privateDir, 'checkout', '.stack');
      mkdirSync(stack, { recursive: true });
      expect(() => checkPostgresCanReach(stack)).toThrow(MissingPrerequisite);
      expect(() => checkPostgresCanReach(stack)).toThrow(new RegExp(`chmod o\\+x ${privateDir}`));
      chmodSync(privateDir, 0o755);
      expect(() => checkPostgresCanReach(stack)).not.toThrow();
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
  });
});
