/**
 * Spaaza's response envelopes (docs/spaaza-api.md §8.1) turned into data or a structured failure.
 * Pure: the transport feeds it whatever body arrived, JSON or not.
 */
import { BODY_SNIPPET_LENGTH } from './constants';
import { scrubbedCut, scrubCutEdges } from './scrub';

export type SpaazaApiKind = 'api' | 'services';

export interface SpaazaApiFailure {
	/** `api`: Spaaza answered with an error; `bad-response`: the body is not what Spaaza sends. */
	kind: 'api' | 'bad-response';
	httpStatus?: number;
	/** Spaaza's own numeric error code, e.g. 68. */
	spaazaErrorCode?: number;
	spaazaErrorName?: string;
	/** Spaaza's own words (may be localised), or what was wrong with the body. */
	description: string;
	details?: string[];
}

export interface SpaazaWarning {
	code?: number;
	name?: string;
	description?: string;
}

export type EnvelopeResult =
	| {
			ok: true;
			data: unknown;
			/** The first MAX_WARNINGS of Spaaza's warnings; `warningCount` counts them all. */
			warnings?: SpaazaWarning[];
			warningCount?: number;
	  }
	| { ok: false; failure: SpaazaApiFailure };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const asNumber = (value: unknown): number | undefined => {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** Spaaza's own words are shown in error panels and items: a hostile or broken server could send megabytes. */
const MAX_TEXT_LENGTH = 1000;

/** The credential's secret values; every text read from the answer is scrubbed of them before it is cut. */
type Secrets = readonly string[];

const bounded = (text: string, secrets: Secrets): string =>
	scrubbedCut(text, MAX_TEXT_LENGTH, secrets);

const asText = (value: unknown, secrets: Secrets): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? bounded(value.trim(), secrets) : undefined;

/**
 * The most of a non-JSON body `bodySnippet` looks at. The snippet is the first readable text, so
 * the start of the page is all it needs; a hostile server may send megabytes.
 */
export const SNIPPET_SOURCE_LENGTH = 4_096;

const RAW_TEXT_TAGS = ['script', 'style'];

/**
 * The first readable text of a non-JSON body: tags, scripts and extra whitespace removed, cut
 * short. A single forward scan rather than regexes: tag-stripping regexes backtrack over bodies
 * full of `<` (112 KB of them blocked the event loop for 9 s).
 */
export function bodySnippet(text: string, secrets: Secrets = []): string {
	// Scrubbed before tags are stripped and the text is cut: both would break up an echoed secret.
	const source = scrubbedCut(text, SNIPPET_SOURCE_LENGTH, secrets);
	let plain = '';
	// Once no `>` follows, every later `<` is text: no rescans, so the scan stays linear.
	let closed = true;
	for (let i = 0; i < source.length && plain.length <= BODY_SNIPPET_LENGTH * 2; i++) {
		if (source[i] !== '<' || !closed) {
			plain += source[i];
			continue;
		}
		const end = source.indexOf('>', i + 1);
		if (end === -1) {
			closed = false;
			plain += source[i];
			continue;
		}
		const tag = source.slice(i + 1, Math.min(end, i + 8)).toLowerCase();
		const raw = RAW_TEXT_TAGS.find((name) => tag.startsWith(name));
		let next = end;
		if (raw !== undefined) {
			const closer = new RegExp(`</${raw}`, 'gi');
			closer.lastIndex = end;
			const close = closer.exec(source)?.index ?? -1;
			next = close === -1 ? -1 : source.indexOf('>', close);
		}
		i = next === -1 ? source.length : next;
		plain += ' ';
	}
	const words = plain.replace(/\s+/g, ' ').trim();
	return words.length > BODY_SNIPPET_LENGTH
		? `${scrubCutEdges(words.slice(0, BODY_SNIPPET_LENGTH), secrets)}…`
		: scrubCutEdges(words, secrets, { start: true, end: true });
}

function decode(body: unknown): { value?: unknown; unreadable?: string } {
	if (Buffer.isBuffer(body)) return decode(body.toString('utf8'));
	if (typeof body !== 'string') return { value: body };
	const text = body.trim();
	if (text === '') return { value: undefined };
	try {
		return { value: JSON.parse(text) };
	} catch {
		return { unreadable: text };
	}
}

/** One Spaaza error entry, `{code, name, description}`, wherever it was found. */
function readError(
	entry: unknown,
	secrets: Secrets,
	fallbackCode?: string,
): Omit<SpaazaApiFailure, 'kind' | 'httpStatus'> {
	const text = (value: unknown) => asText(value, secrets);
	if (!isObject(entry))
		return { description: text(entry) ?? 'Spaaza reported an error without details' };
	const details = Array.isArray(entry.details)
		? entry.details
				.filter((d): d is string => typeof d === 'string')
				.slice(0, 50)
				.map((d) => bounded(d, secrets))
		: [];
	const extra = isObject(entry.extrainfo) ? text(entry.extrainfo.msg) : undefined;
	const name = text(entry.name);
	return {
		spaazaErrorCode: asNumber(entry.code) ?? asNumber(fallbackCode),
		spaazaErrorName: name,
		description:
			text(entry.description) ??
			text(entry.message) ??
			extra ??
			name ??
			'Spaaza reported an error without details',
		...(details.length > 0 ? { details } : {}),
	};
}

/** The error of a Spaaza body, in either envelope generation, or undefined when it holds none. */
function findError(
	body: Json,
	secrets: Secrets,
): Omit<SpaazaApiFailure, 'kind' | 'httpStatus'> | undefined {
	if (body.error !== undefined && body.error !== null) return readError(body.error, secrets);
	if (isObject(body.errors)) {
		// The pre-1.4.0 form: a map of code -> {name, description}; the first entry is the cause.
		const [code, entry] = Object.entries(body.errors)[0] ?? [];
		if (code !== undefined) return readError(entry, secrets, code);
	}
	if (Array.isArray(body.errors) && body.errors.length > 0)
		return readError(body.errors[0], secrets);
	const result = isObject(body.result) ? body.result : undefined;
	// `result.code` is the envelope's status (0/2 = error), not a Spaaza error code.
	if (result && (result.status === 'error' || result.code === 0)) {
		return {
			description:
				asText(result.description, secrets) ??
				asText(result.message, secrets) ??
				'Spaaza reported an error without details',
		};
	}
	return undefined;
}

/** Warnings read from one answer; a server could send a million of them. */
export const MAX_WARNINGS = 10;

function warningsOf(
	body: Json,
	secrets: Secrets,
): { warnings?: SpaazaWarning[]; warningCount?: number } {
	if (!Array.isArray(body.warnings)) return {};
	const entries = body.warnings.filter((w) => isObject(w) || asText(w, secrets) !== undefined);
	if (entries.length === 0) return {};
	const warnings = entries.slice(0, MAX_WARNINGS).map((w): SpaazaWarning => {
		// A bare string is read as the warning's words.
		if (!isObject(w)) return { description: asText(w, secrets) };
		const warning: SpaazaWarning = {};
		const code = asNumber(w.code);
		const name = asText(w.name, secrets);
		const description = asText(w.description, secrets) ?? asText(w.message, secrets);
		if (code !== undefined) warning.code = code;
		if (name !== undefined) warning.name = name;
		if (description !== undefined) warning.description = description;
		return warning;
	});
	return { warnings, warningCount: entries.length };
}

/**
 * Reads one response. The Spaaza API wraps data in `{result:{status:'ok'}, results}`; the Services
 * API returns bare JSON. Errors use `{result:{status:'error'}, error}` or the older `errors` map.
 */
export function parseSpaazaResponse(
	body: unknown,
	api: SpaazaApiKind,
	httpStatus = 200,
	secrets: Secrets = [],
): EnvelopeResult {
	const success = httpStatus >= 200 && httpStatus < 300;
	const { value, unreadable } = decode(body);
	if (unreadable !== undefined) {
		const snippet = bodySnippet(unreadable, secrets);
		return {
			ok: false,
			failure: {
				kind: 'bad-response',
				httpStatus,
				description: `Spaaza answered HTTP ${httpStatus} with a body that is not JSON${snippet ? `: "${snippet}"` : ''}`,
			},
		};
	}
	if (isObject(value)) {
		const error = findError(value, secrets);
		if (error) return { ok: false, failure: { kind: 'api', httpStatus, ...error } };
	}
	if (!success) {
		const message = isObject(value)
			? (asText(value.message, secrets) ?? asText(value.detail, secrets))
			: undefined;
		return {
			ok: false,
			failure: {
				kind: value === undefined ? 'bad-response' : 'api',
				httpStatus,
				description:
					message ??
					`Spaaza answered HTTP ${httpStatus}${value === undefined ? ' with an empty body' : ''}`,
			},
		};
	}
	if (api === 'services') return { ok: true, data: value ?? {} };
	if (isObject(value) && isObject(value.result) && value.result.status === 'ok') {
		const results = value.results ?? {};
		return { ok: true, data: results, ...warningsOf(value, secrets) };
	}
	return {
		ok: false,
		failure: {
			kind: 'bad-response',
			httpStatus,
			description:
				'The answer is not a Spaaza API envelope ({"result":{"status":"ok"}}): check the API base URL of the credential',
		},
	};
}
