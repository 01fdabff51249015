import {
	SpaazaAttemptError,
	attemptMayHaveArrived,
	classifyAttempt,
	classifyUnsentAttempt,
} from '../../../../nodes/spaaza/transport/failure';

// Creating or executing a task must not happen twice: which failed attempts prove the request
// did not take effect (retry), and which leave it open (look before trying again).
const http = (status: number) =>
	new SpaazaAttemptError('http', {
		httpStatus: status,
		failure: { kind: 'api', description: 'x' },
	});
const network = (code: string) => new SpaazaAttemptError('network', { networkCode: code });

describe.each<[string, SpaazaAttemptError, boolean, boolean]>([
	// name, attempt, retried when not idempotent, may have arrived
	['429', http(429), true, false],
	['503', http(503), true, false],
	['connection refused', network('ECONNREFUSED'), true, false],
	['host unreachable', network('EHOSTUNREACH'), true, false],
	['502 from a gateway', http(502), false, true],
	['504 from a gateway', http(504), false, true],
	['500', http(500), false, true],
	['a timeout', new SpaazaAttemptError('timeout', { networkCode: 'ETIMEDOUT' }), false, true],
	['a dropped connection', network('ECONNRESET'), false, true],
	['an unreadable 200 answer', http(200), false, true],
	['a refusal (400)', http(400), false, false],
	[
		'a login that failed for now',
		new SpaazaAttemptError('login', { loginTransient: true }),
		true,
		false,
	],
])('%s', (_name, attempt, retriedUnsent, arrived) => {
	it(`is ${retriedUnsent ? '' : 'not '}retried for a call that must not run twice`, () => {
		expect(classifyUnsentAttempt(attempt).retry).toBe(retriedUnsent);
		// Whatever the rule for such calls retries, the ordinary rule retries too.
		if (retriedUnsent) expect(classifyAttempt(attempt).retry).toBe(true);
	});

	it(`${arrived ? 'may' : 'cannot'} have taken effect`, () => {
		expect(attemptMayHaveArrived(attempt)).toBe(arrived);
	});
});
