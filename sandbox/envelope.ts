import type { Reply } from './reply';

export interface SpaazaErrorDef {
	code: number;
	name: string;
	status: number;
	/** True when the code and name come from Spaaza's docs; false when the sandbox chose them. */
	documented: boolean;
}

const def = (code: number, name: string, status: number, documented: boolean): SpaazaErrorDef => ({
	code,
	name,
	status,
	documented,
});

/** Every error the sandbox answers with; README.md lists the same table with sources. */
export const SANDBOX_ERRORS = {
	passwordError: def(5, 'password_error_or_non_existent', 401, true),
	noValidSession: def(6, 'no_valid_session', 401, true),
	httpVarsMissing: def(52, 'http_vars_missing', 400, true),
	permissionDenied: def(68, 'permission_denied_or_non_existent', 403, true),
	barcodeIdInvalid: def(255, 'inventory_barcode_id_invalid', 400, true),
	// The docs cut off this row's HTTP status; 404 is the sandbox's choice.
	barcodeIdNotFound: def(257, 'inventory_barcode_id_not_found', 404, true),
	invalidParameter: def(300, 'invalid_parameter_value', 400, false),
	productExists: def(301, 'product_owner_code_exists', 400, false),
	variantExists: def(302, 'product_variant_owner_code_exists', 400, false),
	barcodeInUse: def(303, 'barcode_already_in_use', 400, false),
	passcodeInvalid: def(304, 'session_passcode_invalid', 401, false),
	taskNotFound: def(305, 'task_not_found', 404, false),
	taskNotDownloadable: def(306, 'task_download_not_available', 409, false),
	invalidTask: def(307, 'invalid_task_definition', 400, false),
	unknownEndpoint: def(308, 'unknown_endpoint', 404, false),
	tooManyRequests: def(309, 'too_many_requests', 429, false),
	internalError: def(310, 'internal_server_error', 500, false),
	serviceUnavailable: def(311, 'service_unavailable', 503, false),
	invalidAccessToken: def(312, 'invalid_access_token', 401, false),
	invalidBody: def(313, 'invalid_request_body', 400, false),
} as const;

export class SpaazaApiError extends Error {
	readonly details?: string[];

	constructor(
		readonly def: SpaazaErrorDef,
		description: string,
		details?: string[],
	) {
		super(description);
		this.name = 'SpaazaApiError';
		this.details = details;
	}
}

export function jsonReply(
	status: number,
	value: unknown,
	headers: Record<string, string> = {},
): Reply {
	return {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
		body: JSON.stringify(value),
	};
}

export function okReply(resultType: string, results: Record<string, unknown>): Reply {
	return jsonReply(200, {
		result: { code: 1, status: 'ok' },
		results: { ...results, result_type: resultType },
	});
}

/**
 * `legacy` answers in the pre-1.4.0 form: an `errors` map keyed by code (what the 2014 Ruby gem and
 * the PHP client's fallback read) instead of the single `error` object.
 */
export function errorReply(
	error: SpaazaApiError,
	legacy: boolean,
	headers?: Record<string, string>,
): Reply {
	const { code, name, status } = error.def;
	const detail = {
		code,
		name,
		description: error.message,
		...(error.details ? { details: error.details } : {}),
	};
	const body = legacy
		? { result: { code: 2, status: 'error' }, errors: { [String(code)]: detail } }
		: { result: { code: 2, status: 'error' }, error: detail };
	return jsonReply(status, body, headers);
}
