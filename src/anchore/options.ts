/**
 * The config slices the Anchore adapter and the agent need (STYLE.md: modules get their slice, not
 * Config). Routing and batching types live in the pure inventory/ core and are re-exported here.
 */
export type { AccountRoute, AccountRoutingOptions } from '../inventory/account-routing.ts';
export type { ReportLimits } from '../inventory/batch.ts';

/** `anchore.*`: where and as whom to report. */
export interface AnchoreOptions {
  /** Base URL, with or without a path prefix or trailing slash: `https://anchore.example.com/api`. */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** Sent as `x-anchore-account` unless a route names another account. */
  readonly account: string;
  /** Skip TLS verification (`anchore.http.insecure`); logs one warning. */
  readonly insecure: boolean;
  /** Client-side timeout of every request, response body included. */
  readonly timeoutMs: number;
  /** Extra CA bundle (PEM) trusted for the Anchore endpoint. */
  readonly caCertPem?: string;
}

/** `anchore-registration.*`: how the agent names itself when it registers (Enterprise >= 5.11). */
export interface RegistrationOptions {
  /** '' = the owning Deployment's UID, else a random UUID. */
  readonly registrationId: string;
  /** '' = the Deployment (or pod) name. */
  readonly integrationName: string;
  readonly integrationDescription: string;
}

/** User and password one request is sent with. */
export interface AnchoreCredentials {
  readonly user: string;
  readonly password: string;
}
