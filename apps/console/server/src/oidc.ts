/**
 * The console as an OpenID Connect client (openid-client 6): discovery of the issuer, the authorization code flow with
 * PKCE (S256), state and nonce, the refresh token grant, revocation and RP-initiated logout. Confidential client:
 * the secret and every token stay in this process.
 *
 * openid-client is an ES module; it is loaded with import() (which Node 20.19+ also serves from CommonJS), when the
 * first request needs it, so this file's types and the rest of the server load without it.
 */
import type { ConsoleConfig } from './config';
import type { SessionTokens } from './sessions';

/** The module, loaded on first use; its types come from this (a static import of an ES module is not allowed here). */
const loadOpenIdClient = () => import('openid-client');
type OpenIdClient = Awaited<ReturnType<typeof loadOpenIdClient>>;
type Configuration = InstanceType<OpenIdClient['Configuration']>;
type TokenResponse = Pick<Awaited<ReturnType<OpenIdClient['refreshTokenGrant']>>, 'access_token' | 'refresh_token' | 'id_token' | 'expiresIn'>;

export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SignedIn {
  tokens: SessionTokens;
  /** The ID token's claims (verified by openid-client: issuer, audience, nonce, expiry). */
  claims: Record<string, unknown>;
  /** The access token's own claims when it is a JWT, read without verification: it came straight from the provider. */
  accessTokenClaims: Record<string, unknown>;
}

/** What the server needs from the provider; the class below is the one implementation. */
export interface OidcPort {
  /** Resolves once the provider's metadata is known (discovery); rejects while the provider cannot be reached. */
  ready(): Promise<void>;
  newLoginChecks(): Promise<LoginChecks & { codeChallenge: string }>;
  authorizationUrl(checks: { state: string; nonce: string; codeChallenge: string }): Promise<URL>;
  /** The callback: checks state, issuer, the code with the PKCE verifier, and the ID token with the nonce. */
  exchange(callbackUrl: URL, checks: LoginChecks): Promise<SignedIn>;
  refresh(refreshToken: string): Promise<SessionTokens>;
  revoke(token: string): Promise<void>;
  endSessionUrl(): Promise<URL>;
}

/** The payload of a JWT, or {} for an opaque token. */
export function jwtClaims(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) return {};
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Session tokens from a token response; its expiry from `expires_in`, else the JWT's `exp`, else five minutes. */
export function sessionTokens(response: TokenResponse, previous: Partial<SessionTokens>, now: number): SessionTokens {
  const expiresIn = response.expiresIn();
  const exp = jwtClaims(response.access_token).exp;
  const expiresAt = expiresIn !== undefined ? now + expiresIn * 1000 : typeof exp === 'number' ? exp * 1000 : now + 300_000;
  return {
    accessToken: response.access_token,
    // A provider that does not rotate refresh tokens answers without one: the previous one still holds.
    refreshToken: response.refresh_token ?? previous.refreshToken,
    idToken: response.id_token ?? previous.idToken,
    expiresAt,
    issuedAt: now,
  };
}

export class OpenIdProvider implements OidcPort {
  private configuration?: Promise<Configuration>;
  private lib?: Promise<OpenIdClient>;

  constructor(
    private readonly settings: ConsoleConfig['oidc'],
    private readonly redirectUri: string,
    private readonly postLogoutRedirectUri: string,
    private readonly now: () => number = Date.now,
  ) {}

  private client(): Promise<OpenIdClient> {
    this.lib ??= loadOpenIdClient();
    return this.lib;
  }

  /** Discovery once; a failure is not remembered, so the next request tries again. */
  private async config(): Promise<Configuration> {
    if (!this.configuration) {
      this.configuration = (async () => {
        const client = await this.client();
        const insecure = new URL(this.settings.issuer).protocol === 'http:';
        return client.discovery(
          new URL(this.settings.issuer),
          this.settings.clientId,
          undefined,
          client.ClientSecretBasic(this.settings.clientSecret),
          { ...(insecure ? { execute: [client.allowInsecureRequests] } : {}), timeout: 10 },
        );
      })();
      this.configuration.catch(() => {
        this.configuration = undefined;
      });
    }
    return this.configuration;
  }

  async ready(): Promise<void> {
    await this.config();
  }

  async newLoginChecks(): Promise<LoginChecks & { codeChallenge: string }> {
    const client = await this.client();
    const codeVerifier = client.randomPKCECodeVerifier();
    return { state: client.randomState(), nonce: client.randomNonce(), codeVerifier, codeChallenge: await client.calculatePKCECodeChallenge(codeVerifier) };
  }

  async authorizationUrl(checks: { state: string; nonce: string; codeChallenge: string }): Promise<URL> {
    const [client, config] = [await this.client(), await this.config()];
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.settings.scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: checks.codeChallenge,
      code_challenge_method: 'S256',
      ...(this.settings.resource ? { resource: this.settings.resource } : {}),
    });
  }

  async exchange(callbackUrl: URL, checks: LoginChecks): Promise<SignedIn> {
    const [client, config] = [await this.client(), await this.config()];
    const response = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    return { tokens: sessionTokens(response, {}, this.now()), claims: { ...(response.claims() ?? {}) }, accessTokenClaims: jwtClaims(response.access_token) };
  }

  async refresh(refreshToken: string): Promise<SessionTokens> {
    const [client, config] = [await this.client(), await this.config()];
    const response = await client.refreshTokenGrant(config, refreshToken);
    return sessionTokens(response, { refreshToken }, this.now());
  }

  async revoke(token: string): Promise<void> {
    const [client, config] = [await this.client(), await this.config()];
    if (!config.serverMetadata().revocation_endpoint) return;
    await client.tokenRevocation(config, token);
  }

  async endSessionUrl(): Promise<URL> {
    const [client, config] = [await this.client(), await this.config()];
    // No id_token_hint: the URL goes to the browser, which never sees a token. The provider asks the user to confirm.
    return client.buildEndSessionUrl(config, { client_id: this.settings.clientId, post_logout_redirect_uri: this.postLogoutRedirectUri });
  }
}
