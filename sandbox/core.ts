import type { SandboxAuth } from './auth';
import type { CatalogueStore } from './catalogue';
import type { FaultInjector } from './faults';
import { addSampleCatalogue } from './sampleCatalogue';
import type { StatsRecorder } from './stats';
import type { ExportStorage } from './storage';
import type { TaskStore } from './tasks';
import type { SandboxFaults, SandboxLogins } from './types';

/** The sandbox's state, shared by the route modules. */
export interface SandboxCore {
	chainId: number;
	logins: SandboxLogins;
	initialFaults: SandboxFaults;
	taskRunMs: number;
	downloadUrlTtlSeconds: number;
	legacyErrors: boolean;
	quiet: boolean;
	sampleCatalogue: boolean;
	now: () => number;
	auth: SandboxAuth;
	store: CatalogueStore;
	tasks: TaskStore;
	storage: ExportStorage;
	stats: StatsRecorder;
	faults: FaultInjector;
	baseUrl: () => string;
}

/** Everything the control surface and `Sandbox.reset()` clear. */
export function resetCore(core: SandboxCore): void {
	core.store.reset();
	core.auth.reset();
	core.tasks.reset();
	core.storage.reset();
	core.stats.reset();
	core.faults.reset(core.initialFaults);
	if (core.sampleCatalogue) addSampleCatalogue(core.store, core.chainId);
}
