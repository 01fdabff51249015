import { SANDBOX_ERRORS } from './envelope';
import type { SandboxWriteLog, WriteAttempt } from './types';

export interface WriteLogSummary {
	/** Records with at least one write request. */
	records: number;
	/** Write requests in all. */
	sends: number;
	/** Requests sent again after the previous one met a fault or an expired session. */
	resent: number;
	/** Writes that reached the catalogue but whose answer was lost (fault after processing). */
	lostAnswers: number;
	/** Of those, how many the client sent again and the catalogue then updated in place. */
	updatedAfterLostAnswer: number;
	/** Everything that breaks "exactly once"; empty when the log is clean. */
	problems: string[];
}

const applied = (attempt: WriteAttempt) =>
	attempt.outcome === 'created' || attempt.outcome === 'updated';
/** The client got no usable answer: a fault, or an expired session it must log in again for. */
const unanswered = (attempt: WriteAttempt) =>
	attempt.fault !== undefined ||
	(attempt.outcome === 'refused' && attempt.code === SANDBOX_ERRORS.noValidSession.code);

/**
 * Reads the write log against "each record is written exactly once": a record is sent again only
 * when the previous request for it got no usable answer; it is created at most once (exactly once
 * when `fresh`, i.e. the catalogue did not hold it before); and a write whose answer was lost is
 * followed by one that updates it in place, not one that is refused or creates a copy. It assumes
 * one input record per owner code (a second row for the same code is a legitimate second send).
 */
export function checkWriteLog(
	log: SandboxWriteLog,
	options: { fresh?: boolean } = {},
): WriteLogSummary {
	const summary: WriteLogSummary = {
		records: 0,
		sends: 0,
		resent: 0,
		lostAnswers: 0,
		updatedAfterLostAnswer: 0,
		problems: [],
	};
	for (const kind of ['products', 'variants'] as const) {
		for (const [ownerCode, attempts] of Object.entries(log[kind])) {
			const what = `${kind === 'products' ? 'product' : 'variant'} ${ownerCode}`;
			const history = attempts
				.map((a) => `${a.outcome}${a.fault ? `+${a.fault}` : ''}${a.code ? `(${a.code})` : ''}`)
				.join(', ');
			summary.records++;
			summary.sends += attempts.length;
			const created = attempts.filter((a) => a.outcome === 'created').length;
			if (created > 1) summary.problems.push(`${what} was created ${created} times: ${history}`);
			const firstApplied = attempts.find(applied);
			if (options.fresh && firstApplied && firstApplied.outcome !== 'created')
				summary.problems.push(`${what} was new but its first write updated: ${history}`);
			// A write whose answer was lost: the next write that reaches the catalogue must update it.
			let lost = false;
			attempts.forEach((attempt, i) => {
				const previous = attempts[i - 1];
				if (previous && !unanswered(previous))
					summary.problems.push(
						`${what} was sent again after a clean answer (request ${i + 1}): ${history}`,
					);
				else if (previous) summary.resent++;
				if (lost && attempt.outcome === 'updated') summary.updatedAfterLostAnswer++;
				else if (
					lost &&
					(attempt.outcome === 'created' || (attempt.outcome === 'refused' && !unanswered(attempt)))
				)
					summary.problems.push(
						`${what}: the retry after a lost answer was ${attempt.outcome}, not an update: ${history}`,
					);
				if (applied(attempt) || (attempt.outcome === 'refused' && !unanswered(attempt)))
					lost = false;
				if (applied(attempt) && attempt.fault) {
					summary.lostAnswers++;
					lost = true;
				}
			});
			if (lost)
				summary.problems.push(
					`${what}: the last answer was lost and the record was not sent again: ${history}`,
				);
		}
	}
	return summary;
}
