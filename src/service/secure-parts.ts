/**
 * Everything behind `/secure` and `POST /login`, `POST /ticket`: the
 * credential store, the tickets, the endpoint and the HTTP answers, made
 * together so they share one store. service.ts loads this module on the
 * first request that needs it, so a page that never signs in never
 * downloads it.
 */
import type { RandomBytes } from '../protocol/index.ts';
import { createAuthHttp, type AuthHttp } from './auth-http.ts';
import { createCredentialStore } from './credentials.ts';
import type { Endpoint } from './endpoint.ts';
import type { Clock } from './peer.ts';
import { createSecureEndpoint } from './secure.ts';
import { createMemoryTicketStore, TICKET_TTL_MS, type TicketStore } from './tickets.ts';

export interface SecurePartsOptions {
  readonly clock: Clock;
  readonly random: RandomBytes;
  readonly tickets?: TicketStore | undefined;
  readonly ticketTtlMs?: number | undefined;
}

export interface SecureParts {
  readonly endpoint: Endpoint;
  readonly auth: AuthHttp;
}

export function createSecureParts(options: SecurePartsOptions): SecureParts {
  const { clock, random } = options;
  const credentials = createCredentialStore(random);
  const tickets = options.tickets ?? createMemoryTicketStore(random);
  return {
    endpoint: createSecureEndpoint({ clock, credentials, tickets }),
    auth: createAuthHttp({ clock, credentials, tickets, ticketTtlMs: options.ticketTtlMs ?? TICKET_TTL_MS }),
  };
}
