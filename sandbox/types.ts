/** Public option, fault and result types of the Spaaza sandbox (see README.md), and the fault kinds. */

/** Everything `faults`, `setFaults` and `injectNext` can inject. */
export const FAULT_KINDS = [
	'latency',
	'429',
	'500',
	'502',
	'503',
	'504',
	'drop',
	'sessionExpiry',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults that can be sent after the request was processed, to prove that retries are idempotent. */
export type AfterProcessingFault = 'drop' | '500' | '502' | '504';

export interface SandboxFaults {
	/** Delay before each faulted request: fixed ms or a uniform range. */
	latencyMs?: number | { min: number; max: number };
	/** Probability per request (0..1) of each kind. `latency` defaults to 1 when `latencyMs` is set. */
	rates?: Partial<Record<FaultKind, number>>;
	/** Retry-After of injected 429s, in seconds (default 1). */
	retryAfterSeconds?: number;
	/** `seconds` (default) or `http-date` (an HTTP-date that many seconds ahead). */
	retryAfterFormat?: 'seconds' | 'http-date';
	/** These kinds are applied after the request was processed (the write happened). Default: none. */
	afterProcessing?: AfterProcessingFault[];
	/** Expire every admin session once, after this many more faultable requests have been answered. */
	sessionExpiryAfterRequests?: number;
	/** Only requests whose path starts with one of these are faulted (default: `/api/`, `/services/`). */
	paths?: string[];
	/** Also fault `/storage/` downloads (default false). */
	storage?: boolean;
	/**
	 * A new task shows in `GET /tasks` only this long after it was created (default 0): a task
	 * list that lags behind the writes, as a read replica does. Spaaza does not document how soon
	 * a created task is listed; this lets tests prove that a client looks long enough.
	 */
	taskListDelayMs?: number;
	/**
	 * Successful add-product / add-product-variant answers carry these `warnings[]`
	 * (docs/spaaza-api.md §8.1: a success may carry warnings; their shape is not documented, the
	 * sandbox sends `{code, name, description}`). `rate` (default 1) is the share of answers that do.
	 */
	writeWarnings?: { warnings: SandboxWarning[]; rate?: number };
	/**
	 * Pads every successful add-product / add-product-variant answer to about this many bytes with
	 * undocumented data inside `results.product` / `results.product_variant` (a hostile or broken
	 * server; Spaaza documents no such field). Default: no padding.
	 */
	writeAnswerBytes?: number;
}

export interface SandboxWarning {
	code?: number;
	name?: string;
	description?: string;
}

export interface SandboxOptions {
	/** 0 = a random free port (default). */
	port?: number;
	/** The seeded chain (default 1764). */
	chainId?: number;
	faults?: SandboxFaults;
	/** How long a running task stays INPROGRESS (default 2000 ms). */
	taskRunMs?: number;
	/** Lifetime of pre-signed download URLs (default 3600 s; fractions allowed). */
	downloadUrlTtlSeconds?: number;
	/**
	 * When false, download URLs end in an opaque key instead of the file name (default true).
	 * Spaaza does not document the URL's path, so the package must cope with both.
	 */
	namedDownloadUrls?: boolean;
	/** Lifetime of admin sessions (default 336 h, Spaaza's documented session_key_validity). */
	sessionTtlSeconds?: number;
	/** Seed of the fault RNG (default 1), so a run with rates is reproducible. */
	seed?: number;
	/** When false, one line per request is printed (default true). */
	quiet?: boolean;
	/** Start with (and reset to) Spaaza's two sample products and a few variants (default: empty). */
	sampleCatalogue?: boolean;
	/** Answer every error with the pre-1.4.0 `errors` map instead of the `error` object. */
	legacyErrors?: boolean;
	/** Clock in ms since the epoch (default Date.now); tests move time without waiting. */
	now?: () => number;
	/**
	 * Serve HTTPS with a throwaway self-signed certificate made at start-up (`Sandbox.ca` is the
	 * certificate clients must trust). Default false: plain HTTP.
	 */
	https?: boolean;
	/** A network between client and sandbox, so a new connection costs what it costs on the internet. */
	network?: SandboxNetwork;
	/**
	 * The columns of the products / product-variants exports, replacing the sandbox's choice (README
	 * "Exports"). Spaaza does not document them, so tests can make an export lack a column.
	 */
	exportColumns?: { products?: string[]; 'product-variants'?: string[] };
}

export interface SandboxNetwork {
	/** Added to every API request before the answer (one round trip). */
	rttMs?: number;
	/**
	 * Added once per new connection before its first byte is read: the TCP handshake (one round
	 * trip) plus, for HTTPS, the TLS 1.3 handshake (one more). Default rttMs × (https ? 2 : 1).
	 */
	handshakeDelayMs?: number;
}

export interface AdminLogin {
	username: string;
	password: string;
	userId: number;
}

export interface SandboxLogins {
	chainId: number;
	/** 2FA-exempt admin with READ, WRITE and DELETE on the chain: logs in in one step. */
	admin: AdminLogin;
	/** Admin whose login answers with a 2FA challenge; `passcode` is the fixed one-time code. */
	twoFactorAdmin: AdminLogin & { passcode: string };
	/** 2FA-exempt admin with READ only: writes and deletes are refused. */
	readOnlyAdmin: AdminLogin;
	/** Privileged access token (Services API only), scoped to the chain. */
	token: { id: string; secret: string };
}

export interface WriteCounts {
	created: number;
	updated: number;
}

/** What the sandbox did with one add-product / add-product-variant request. */
export interface WriteAttempt {
	/** Order among every write request the sandbox received (1, 2, …), to read retries in order. */
	seq: number;
	/**
	 * `created` / `updated`: the write reached the catalogue; `refused`: answered with a Spaaza
	 * error (`code`); `not-processed`: a fault answered before the write was looked at.
	 */
	outcome: 'created' | 'updated' | 'refused' | 'not-processed';
	/** The fault injected on this request: before processing, or after it (the answer was lost). */
	fault?: Exclude<FaultKind, 'latency' | 'sessionExpiry'>;
	/** Spaaza error code of a refused write. */
	code?: number;
}

/**
 * Every write request per record, in arrival order, keyed by the owner_code the request sent
 * (`(none)` when it sent none): how many times each record was sent and what happened each time.
 */
export interface SandboxWriteLog {
	products: Record<string, WriteAttempt[]>;
	variants: Record<string, WriteAttempt[]>;
}

export interface SandboxStats {
	/** Requests per `METHOD /path` (task ids shown as `:id`), faulted ones included. */
	requests: Record<string, number>;
	/** Faults injected per kind. */
	faults: Record<FaultKind, number>;
	/** Successful writes per owner_code (variants without owner_code as `#<id>`). */
	writes: { products: Record<string, WriteCounts>; variants: Record<string, WriteCounts> };
	/** X-Spaaza-API-Version values seen (`(none)` when absent). */
	apiVersions: Record<string, number>;
	/** TCP connections clients opened since the start or reset, and how many are open now. */
	connections: { opened: number; open: number };
	/**
	 * The waits API requests really got from the network profile's round trip and the injected
	 * latency, measured (a timer fires a little later than asked, more on a busy machine); requests
	 * that had neither are not counted.
	 */
	waited: { requests: number; ms: number };
	/**
	 * Parameters Spaaza does not document for the endpoint, per `METHOD /path` and name, with how
	 * often they came. The sandbox ignores them (see README, "Where the sandbox is lenient").
	 */
	undocumentedParams: Record<string, Record<string, number>>;
}

export interface StorageRequestRecord {
	path: string;
	status: number;
	at: string;
	/** Whether an Authorization header was sent (a pre-signed URL needs none). */
	authorization: boolean;
	/** Names of any x-spaaza-* headers sent (lowercase). */
	spaazaHeaders: string[];
	/** Names of all headers sent (lowercase). */
	headerNames: string[];
}
