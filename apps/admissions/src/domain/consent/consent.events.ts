/** Internal events of a 42 CFR Part 2 consent stream; each event is a version of the consent (docs/DOMAIN.md section 4). */
export type ConsentGranted = {
  type: 'ConsentGranted';
  data: {
    consentId: string;
    patientId: string;
    recipient: string;
    purpose: string;
    information: string[];
    expiresAt?: string;
    grantedAt: string;
  };
};

export type ConsentRevoked = {
  type: 'ConsentRevoked';
  data: { consentId: string; patientId: string; scope: 'full' | 'partial'; revokedInformation?: string[]; revokedAt: string };
};

export type ConsentEvent = ConsentGranted | ConsentRevoked;
