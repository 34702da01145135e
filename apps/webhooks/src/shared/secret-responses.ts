import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { SecretBox } from '../secrets/secret-box';

const MARK = 'whsec_sealed.';

/**
 * A fresh secret is shown once, in the response that creates or rotates it. The platform's Idempotency-Key
 * interceptor stores POST responses to replay them, which would leave the secret in plain text in the database.
 * So handlers return it sealed, the stored answer holds only the sealed form, and this hook opens it on the way
 * out, for the first answer and for replays alike. Only the answer's own top-level `secret` is opened: text a client
 * wrote (a description that happens to start with the mark) is never taken for a sealed secret.
 */
@Injectable()
export class SecretResponses implements OnModuleInit {
  constructor(
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
  ) {}

  seal(secret: string): string {
    return MARK + this.box.seal(secret, 'response');
  }

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addHook('onSend', async (request, _reply, payload) => {
      if (typeof payload !== 'string' || !request.url.startsWith('/v1/subscriptions') || !payload.includes(MARK)) return payload;
      const body = JSON.parse(payload) as { secret?: unknown };
      if (typeof body?.secret !== 'string' || !body.secret.startsWith(MARK)) return payload;
      return JSON.stringify({ ...body, secret: this.box.open(body.secret.slice(MARK.length), 'response') });
    });
  }
}
