/** The credential every Spaaza node uses (README "Credential: Spaaza API"). */
export const SPAAZA_CREDENTIAL = 'spaazaApi';

/** Hosts per environment (docs/spaaza-api.md §1.1); `custom` lets users point at the sandbox. */
export const SPAAZA_ENVIRONMENTS = {
	production: {
		apiBaseUrl: 'https://api0.spaaza.com',
		servicesBaseUrl: 'https://services-prod.spaaza.com',
	},
	staging: {
		apiBaseUrl: 'https://apistage0.spaaza.com',
		servicesBaseUrl: 'https://services-test01.spaaza.com',
	},
} as const;

/** The version the Postman environment uses; it gets the single `error` envelope (docs/spaaza-api.md §8). */
export const DEFAULT_API_VERSION = '1.6.3';

export const HEADER_API_VERSION = 'X-Spaaza-API-Version';
export const HEADER_SESSION_USER_ID = 'X-Spaaza-Session-User-Id';
export const HEADER_SESSION_KEY = 'X-Spaaza-Session-Key';
export const HEADER_SESSION_CHAIN_ID = 'X-Spaaza-Session-Chain-Id';

/** Long enough for a slow add-product under load, short enough that a hung socket is noticed. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** With the 1 s base this rides out about half a minute of 429/503s before giving up. */
export const DEFAULT_MAX_RETRIES = 5;
/** Full-jitter exponential backoff bounds (README "Spaaza Upsert Product / Spaaza Upsert Variant"). */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;
/** A Retry-After longer than this is clamped: one item should not hold a run for minutes. */
export const RETRY_AFTER_MAX_MS = 60_000;
/** Spreads requests that all got the same Retry-After so they do not return in one burst. */
export const RETRY_AFTER_JITTER_MS = 250;

/** Statuses that mean "try again later", not "your request is wrong". */
export const RETRYABLE_STATUSES: readonly number[] = [429, 502, 503, 504];
/** Statuses whose Retry-After header is honoured. */
export const RETRY_AFTER_STATUSES: readonly number[] = [429, 503];

/** Connection-level failures worth another try; ENOTFOUND is left out (a wrong host stays wrong). */
export const RETRYABLE_NETWORK_CODES: readonly string[] = [
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
];

/** Spaaza's "no valid session" error (docs/spaaza-api.md §1.7). */
export const SPAAZA_NO_VALID_SESSION = 6;
/** Spaaza's "username / password unknown" error (docs/spaaza-api.md §8.1). */
export const SPAAZA_PASSWORD_ERROR = 5;

/** Enough of an HTML error page to recognise it, without flooding the error panel. */
export const BODY_SNIPPET_LENGTH = 200;
