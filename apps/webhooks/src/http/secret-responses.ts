import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { SecretBox } from '../secrets/secret-box';

const MARK = 'whsec_sealed.';
const SEALED = /"whsec_sealed\.([A-Za-z0-9._-]+)"/g;

/**
 * A fresh secret is shown once, in the response that creates or rotates it. The platform's Idempotency-Key
 * interceptor stores POST responses to replay them, which would leave the secret in plain text in the database.
 * So handlers return it sealed, the stored answer holds only the sealed form, and this hook opens it on the way
 * out, for the first answer and for replays alike.
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
      return payload.replace(SEALED, (_, sealed: string) => JSON.stringify(this.box.open(sealed, 'response')));
    });
  }
}
