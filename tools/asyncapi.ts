/**
 * Writes docs/asyncapi.json from the contracts registry (`npm run asyncapi`). A unit test fails when the committed
 * file differs from a fresh build, so run this after changing any contract.
 * Usage: node -r @swc-node/register tools/asyncapi.ts
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiJson } from '../libs/domain-events/src/asyncapi';

const target = resolve(__dirname, '..', 'docs', 'asyncapi.json');
writeFileSync(target, asyncApiJson());
process.stdout.write(`wrote ${target}\n`);
