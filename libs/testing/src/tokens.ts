import { mintToken, type TokenRequest } from '@iop/local-stack';

/** A token from the local identity provider, as `npm run token` prints it. */
export const tokenFor = (tenant: string, roles: string[], subject?: string): Promise<string> => mintToken({ tenant, roles, subject });

/** Any token shape a test needs: expired, signed by a foreign key, odd claims. */
export const customToken = (req: TokenRequest): Promise<string> => mintToken(req);
