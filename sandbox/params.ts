import { SANDBOX_ERRORS, SpaazaApiError } from './envelope';
import type { Params } from './http';

/** Empty strings and nulls mean "not provided", as a disabled Postman field or an empty CSV cell. */
function provided(params: Params, name: string): unknown {
	const value = params[name];
	return value === '' || value === null ? undefined : value;
}

function invalid(name: string, expected: string, value: unknown): SpaazaApiError {
	return new SpaazaApiError(
		SANDBOX_ERRORS.invalidParameter,
		`Parameter ${name} must be ${expected} (got ${JSON.stringify(value)})`,
	);
}

export function missing(names: string): SpaazaApiError {
	return new SpaazaApiError(SANDBOX_ERRORS.httpVarsMissing, `Missing required parameter: ${names}`);
}

export function readInteger(params: Params, name: string, maxDigits = 10): number | undefined {
	const value = provided(params, name);
	if (value === undefined) return undefined;
	const text = typeof value === 'number' ? String(value) : value;
	if (typeof text !== 'string' || !new RegExp(`^\\d{1,${maxDigits}}$`).test(text.trim())) {
		throw invalid(name, 'a non-negative integer', value);
	}
	return Number(text);
}

export function requireInteger(params: Params, name: string): number {
	const value = readInteger(params, name);
	if (value === undefined) throw missing(name);
	return value;
}

/** Prices: non-negative, `.` as the decimal separator, no thousands separator (D-varfile). */
export function readDecimal(params: Params, name: string): number | undefined {
	const value = provided(params, name);
	if (value === undefined) return undefined;
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
	if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
	throw invalid(name, 'a non-negative decimal such as 99.95', value);
}

export function readBoolean(params: Params, name: string): boolean | undefined {
	const value = provided(params, name);
	if (value === undefined) return undefined;
	if (typeof value === 'boolean') return value;
	const text = String(value).trim().toLowerCase();
	if (text === 'true' || text === '1') return true;
	if (text === 'false' || text === '0') return false;
	throw invalid(name, 'a boolean (true/false/1/0)', value);
}

export function readString(params: Params, name: string, maxLength: number): string | undefined {
	const value = provided(params, name);
	if (value === undefined) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number')
		throw invalid(name, 'a string', value);
	const text = String(value);
	if (text.length > maxLength) {
		throw new SpaazaApiError(
			SANDBOX_ERRORS.invalidParameter,
			`Parameter ${name} is ${text.length} characters long; the maximum is ${maxLength}`,
		);
	}
	return text;
}

const MAX_BARCODE_LENGTH = 64;

/**
 * JSON arrays of strings, or one comma-separated string as Postman's form body sends them. An empty
 * list counts as "not provided", so an empty form field never wipes a variant's barcodes.
 */
export function readBarcodes(params: Params): string[] | undefined {
	const value = params.barcodes;
	if (value === undefined || value === null || value === '') return undefined;
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: [value];
	const barcodes: string[] = [];
	for (const item of list) {
		if (typeof item !== 'string' && typeof item !== 'number')
			throw invalid('barcodes', 'an array of strings', value);
		const barcode = String(item).trim();
		if (!barcode) {
			if (list.length === 1) continue;
			throw invalid('barcodes', 'non-empty strings', value);
		}
		if (barcode.length > MAX_BARCODE_LENGTH) {
			throw invalid('barcodes', `strings of at most ${MAX_BARCODE_LENGTH} characters`, barcode);
		}
		if (!barcodes.includes(barcode)) barcodes.push(barcode);
	}
	return barcodes.length ? barcodes : undefined;
}
