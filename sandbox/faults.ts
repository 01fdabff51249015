import { seededRandom } from './random';
import type { StatsRecorder } from './stats';
import type { FaultKind, SandboxFaults, SandboxWarning } from './types';

export type TerminalFault = Exclude<FaultKind, 'latency' | 'sessionExpiry'>;

export interface FaultPlan {
	latencyMs: number;
	expireSessions: boolean;
	terminal?: TerminalFault;
	afterProcessing: boolean;
}

const TERMINAL_ORDER: TerminalFault[] = ['drop', '429', '500', '502', '503', '504'];
const DEFAULT_PATHS = ['/api/', '/services/'];
const DEFAULT_INJECTED_LATENCY_MS = 100;

/** Decides, per request, which faults to inject: queued ones (`injectNext`) first, then rates. */
export class FaultInjector {
	private random: () => number;
	private faults: SandboxFaults = {};
	private queued: FaultKind[] = [];
	private sessionExpiryCountdown?: number;

	constructor(
		private readonly seed: number,
		faults: SandboxFaults,
		private readonly stats: StatsRecorder,
	) {
		this.random = seededRandom(seed);
		this.set(faults);
	}

	set(faults: SandboxFaults): void {
		this.faults = { ...faults };
		this.sessionExpiryCountdown = faults.sessionExpiryAfterRequests;
	}

	current(): SandboxFaults {
		return { ...this.faults };
	}

	injectNext(kind: FaultKind, count: number): void {
		for (let i = 0; i < count; i++) this.queued.push(kind);
	}

	reset(faults: SandboxFaults): void {
		this.random = seededRandom(this.seed);
		this.queued = [];
		this.set(faults);
	}

	applies(path: string): boolean {
		if (path.startsWith('/storage/')) return this.faults.storage === true;
		return (this.faults.paths ?? DEFAULT_PATHS).some((prefix) => path.startsWith(prefix));
	}

	plan(path: string): FaultPlan {
		const plan: FaultPlan = { latencyMs: 0, expireSessions: false, afterProcessing: false };
		if (!this.applies(path)) return plan;
		const { rates = {}, latencyMs } = this.faults;
		const takeQueued = (kinds: FaultKind[]) => {
			const index = this.queued.findIndex((kind) => kinds.includes(kind));
			return index < 0 ? undefined : this.queued.splice(index, 1)[0];
		};
		const roll = (kind: FaultKind, fallback = 0) => {
			const rate = rates[kind] ?? fallback;
			return rate > 0 && this.random() < rate;
		};
		// Every rate is rolled on every request so a given seed gives the same sequence whatever fires.
		const latencyRolled = latencyMs !== undefined && roll('latency', 1);
		if (takeQueued(['latency']) || latencyRolled) {
			plan.latencyMs = this.pickLatency();
			this.stats.fault('latency');
		}
		if (this.sessionExpiryCountdown !== undefined) {
			if (this.sessionExpiryCountdown <= 0) {
				this.sessionExpiryCountdown = undefined;
				plan.expireSessions = true;
			} else this.sessionExpiryCountdown -= 1;
		}
		const expiryRolled = roll('sessionExpiry');
		if (takeQueued(['sessionExpiry']) || expiryRolled) plan.expireSessions = true;
		if (plan.expireSessions) this.stats.fault('sessionExpiry');
		const queuedTerminal = takeQueued(TERMINAL_ORDER) as TerminalFault | undefined;
		const rolled = TERMINAL_ORDER.filter((kind) => roll(kind));
		plan.terminal = queuedTerminal ?? rolled[0];
		if (plan.terminal) {
			this.stats.fault(plan.terminal);
			plan.afterProcessing = (this.faults.afterProcessing ?? []).includes(plan.terminal as never);
		}
		return plan;
	}

	/** The warnings a successful write answer carries now (`writeWarnings`), if any. */
	writeWarnings(): SandboxWarning[] | undefined {
		const config = this.faults.writeWarnings;
		if (!config || config.warnings.length === 0) return undefined;
		const rate = config.rate ?? 1;
		if (rate < 1 && !(rate > 0 && this.random() < rate)) return undefined;
		return config.warnings;
	}

	private pickLatency(): number {
		const latency = this.faults.latencyMs ?? DEFAULT_INJECTED_LATENCY_MS;
		if (typeof latency === 'number') return latency;
		return latency.min + Math.round(this.random() * (latency.max - latency.min));
	}
}
