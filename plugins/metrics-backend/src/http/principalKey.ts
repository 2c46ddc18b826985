import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who asks, as one string: the view cache and the rate limit are kept per requester. */
export function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${
    principal.userEntityRef ?? principal.subject ?? ''
  }`;
}
