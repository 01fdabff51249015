import {
	FAULT_KINDS,
	type FaultKind,
	type SandboxStats,
	type SandboxWriteLog,
	type WriteAttempt,
	type WriteCounts,
} from './types';

/** Request, fault and write counters behind `stats()` and `GET /_sandbox/stats`. */
export class StatsRecorder {
	private data = StatsRecorder.empty();
	/** Survives reset(): connections stay open across it. */
	private openConnections = 0;
	private log: SandboxWriteLog = { products: {}, variants: {} };
	private attempts = 0;

	private static empty(): SandboxStats {
		return {
			requests: {},
			faults: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>,
			writes: { products: {}, variants: {} },
			apiVersions: {},
			connections: { opened: 0, open: 0 },
			waited: { requests: 0, ms: 0 },
			undocumentedParams: {},
		};
	}

	connectionOpened(): void {
		this.data.connections.opened += 1;
		this.openConnections += 1;
	}

	/** An API request's measured wait (round trip plus injected latency), when it had one. */
	waited(ms: number): void {
		this.data.waited.requests += 1;
		this.data.waited.ms += ms;
	}

	connectionClosed(): void {
		this.openConnections -= 1;
	}

	request(endpoint: string, apiVersion: string | undefined): void {
		this.data.requests[endpoint] = (this.data.requests[endpoint] ?? 0) + 1;
		const version = apiVersion ?? '(none)';
		this.data.apiVersions[version] = (this.data.apiVersions[version] ?? 0) + 1;
	}

	undocumented(endpoint: string, names: readonly string[]): void {
		if (names.length === 0) return;
		const counts = (this.data.undocumentedParams[endpoint] ??= {});
		for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
	}

	fault(kind: FaultKind): void {
		this.data.faults[kind] += 1;
	}

	write(kind: 'products' | 'variants', ownerCode: string, created: boolean): void {
		const counts: WriteCounts = (this.data.writes[kind][ownerCode] ??= { created: 0, updated: 0 });
		if (created) counts.created += 1;
		else counts.updated += 1;
	}

	/** One write request and what became of it (see `SandboxWriteLog`). */
	attempt(
		kind: 'products' | 'variants',
		ownerCode: string,
		attempt: Omit<WriteAttempt, 'seq'>,
	): void {
		(this.log[kind][ownerCode] ??= []).push({ seq: ++this.attempts, ...attempt });
	}

	writeLog(): SandboxWriteLog {
		return structuredClone(this.log);
	}

	snapshot(): SandboxStats {
		const snapshot = structuredClone(this.data);
		snapshot.connections.open = this.openConnections;
		return snapshot;
	}

	reset(): void {
		this.data = StatsRecorder.empty();
		this.log = { products: {}, variants: {} };
		this.attempts = 0;
	}
}

/** `POST /services/tasks/12/execute` → `POST /services/tasks/:id/execute`; storage paths collapse. */
export function endpointKey(method: string, path: string): string {
	if (path.startsWith('/storage/')) return `${method} /storage`;
	return `${method} ${path.replace(/^(\/services\/tasks\/)[^/]+/, '$1:id')}`;
}

const WRITE_PATHS: Record<string, 'products' | 'variants'> = {
	'POST /api/internal/add-product': 'products',
	'POST /api/internal/add-product-variant': 'variants',
};

/** Which catalogue the request writes to, if it is a write. */
export function writeKind(method: string, path: string): 'products' | 'variants' | undefined {
	return WRITE_PATHS[`${method} ${path}`];
}
