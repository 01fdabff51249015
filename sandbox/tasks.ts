import type { CatalogueStore } from './catalogue';
import { zuluDate } from './clock';
import { SANDBOX_ERRORS, SpaazaApiError } from './envelope';
import { buildExport, type ExportFile, SAVED_SEGMENTS, unknownSegmentId } from './exports';
import { type Segment, SegmentError } from './segments';
import type { ExportStorage } from './storage';

export type TaskStateCode = 'READY' | 'INPROGRESS' | 'DONE' | 'ERROR';

/** Log entry shape is NOT FOUND in the docs; this one is the sandbox's. */
export interface TaskLogEntry {
	timestamp: string;
	level: 'info' | 'error';
	message: string;
}

export interface TaskDefinition {
	chain: number;
	desc: string;
	target: { action: 'export'; export_index: string; export_format: string } & Record<
		string,
		unknown
	>;
	trigger: { once: string; segment?: Segment; segment_id?: string } & Record<string, unknown>;
	debug?: string;
}

interface TaskRecord extends TaskDefinition {
	id: number;
	code: TaskStateCode;
	created: number;
	modified: number;
	lastRun: number | null;
	onceAt: number;
	runEndsAt: number;
	run: number;
	failRun: boolean;
	logs: TaskLogEntry[];
	filePath?: string;
}

export interface TaskObject {
	id: number;
	chain: number;
	desc: string;
	state: {
		code: TaskStateCode;
		last_run_date: string | null;
		last_modified: string;
		created_date: string;
	};
	trigger: TaskDefinition['trigger'];
	target: TaskDefinition['target'];
	logs: TaskLogEntry[];
	debug: string;
	version: number;
}

export interface TaskListFilter {
	status?: string;
	action?: string;
	campaignId?: string;
	limit: number;
	offset: number;
	/** Tasks created later than this (ms) are not listed yet (`taskListDelayMs`). */
	createdUpTo?: number;
}

/**
 * Tasks move READY → INPROGRESS → DONE/ERROR by the clock, evaluated whenever a task is looked
 * at, so no timers run between requests and a virtual clock moves them as well as real time.
 */
export class TaskStore {
	private tasksById = new Map<number, TaskRecord>();
	private nextId = 12345;
	private failuresToInject = 0;

	constructor(
		private readonly catalogue: CatalogueStore,
		private readonly storage: ExportStorage,
		private readonly taskRunMs: number,
		private readonly now: () => number,
		private readonly sleep: (ms: number) => Promise<void>,
		private readonly exportColumns: Partial<Record<string, string[]>> = {},
	) {}

	create(definition: TaskDefinition): TaskObject {
		const now = this.now();
		const task: TaskRecord = {
			...definition,
			id: this.nextId++,
			code: 'READY',
			created: now,
			modified: now,
			lastRun: null,
			onceAt: Date.parse(definition.trigger.once),
			runEndsAt: 0,
			run: 0,
			failRun: false,
			logs: [],
		};
		this.log(task, 'info', `Task created; scheduled for ${zuluDate(task.onceAt)}`, now);
		this.tasksById.set(task.id, task);
		return this.serialize(task);
	}

	get(chain: number, id: string, logLimit = 10, logOffset = 0): TaskObject {
		return this.serialize(this.find(chain, id), logLimit, logOffset);
	}

	list(chain: number, filter: TaskListFilter): TaskObject[] {
		return [...this.tasksById.values()]
			.filter((task) => task.chain === chain)
			.filter((task) => filter.createdUpTo === undefined || task.created <= filter.createdUpTo)
			.map((task) => this.advance(task))
			.filter((task) => !filter.status || task.code === filter.status)
			.filter((task) => !filter.action || task.target.action === filter.action)
			.filter(
				(task) => filter.campaignId === undefined || task.target.campaign_id === filter.campaignId,
			)
			.sort((a, b) => b.id - a.id)
			.slice(filter.offset, filter.offset + filter.limit)
			.map((task) => this.serialize(task));
	}

	all(): TaskObject[] {
		return [...this.tasksById.values()].map((task) => this.serialize(this.advance(task), Infinity));
	}

	/** Runs the task now (D-texec) and answers with its final state object once the run is over. */
	async execute(chain: number, id: string): Promise<TaskObject['state']> {
		const task = this.find(chain, id);
		if (task.code !== 'INPROGRESS') this.start(task, this.now(), 'Task executed manually');
		const run = task.run;
		await this.sleep(Math.max(0, task.runEndsAt - this.now()));
		if (task.run === run && task.code === 'INPROGRESS') this.finish(task);
		return this.state(task);
	}

	failNext(count: number): void {
		this.failuresToInject += count;
	}

	downloadPath(chain: number, id: string): string {
		const task = this.find(chain, id);
		if (task.target.action !== 'export') {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.taskNotDownloadable,
				`Task ${task.id} is not an export task`,
			);
		}
		if (task.code !== 'DONE' || !task.filePath) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.taskNotDownloadable,
				`Task ${task.id} is ${task.code}; a download URL exists only once an export task is DONE`,
			);
		}
		return task.filePath;
	}

	reset(): void {
		this.tasksById.clear();
		this.failuresToInject = 0;
	}

	private find(chain: number, id: string): TaskRecord {
		const task = /^\d+$/.test(id) ? this.tasksById.get(Number(id)) : undefined;
		// Another chain's task is reported as missing, so ids do not leak across chains.
		if (!task || task.chain !== chain) {
			throw new SpaazaApiError(
				SANDBOX_ERRORS.taskNotFound,
				`Task not found: no task exists with the ID ${id}`,
			);
		}
		return this.advance(task);
	}

	private advance(task: TaskRecord): TaskRecord {
		const now = this.now();
		// Started at its scheduled time, so a task observed late is exactly as far along as it should be.
		if (task.code === 'READY' && now >= task.onceAt)
			this.start(task, task.onceAt, 'Scheduled run started');
		if (task.code === 'INPROGRESS' && now >= task.runEndsAt) this.finish(task);
		return task;
	}

	private start(task: TaskRecord, at: number, reason: string): void {
		task.code = 'INPROGRESS';
		task.run += 1;
		task.lastRun = at;
		task.modified = at;
		task.runEndsAt = at + this.taskRunMs;
		task.failRun = this.failuresToInject > 0;
		if (task.failRun) this.failuresToInject -= 1;
		this.log(
			task,
			'info',
			`${reason}: exporting ${task.target.export_index} as ${task.target.export_format}`,
			at,
		);
	}

	private finish(task: TaskRecord): void {
		const at = Math.max(task.runEndsAt, task.lastRun ?? 0);
		task.modified = at;
		if (task.failRun) {
			task.code = 'ERROR';
			this.log(
				task,
				'error',
				'Export failed: simulated failure (the sandbox was told to fail this task)',
				at,
			);
			return;
		}
		const file = this.runExport(task);
		if (file instanceof SegmentError) {
			task.code = 'ERROR';
			this.log(task, 'error', `Export failed: ${file.message}`, at);
			return;
		}
		task.filePath = this.storage.put(task.chain, task.id, file);
		task.code = 'DONE';
		this.log(
			task,
			'info',
			`Export finished: ${file.rowCount} rows written to ${file.fileName}`,
			at,
		);
	}

	/** The export file, or the SegmentError that explains why the task fails. */
	private runExport(task: TaskRecord): ExportFile | SegmentError {
		const segmentId = task.trigger.segment_id;
		const segment = segmentId !== undefined ? SAVED_SEGMENTS[segmentId] : task.trigger.segment;
		if (segmentId !== undefined && !segment) return unknownSegmentId(segmentId);
		try {
			return buildExport(
				task.id,
				task.target.export_index,
				task.target.export_format,
				this.catalogue,
				task.chain,
				segment,
				this.now(),
				this.exportColumns[task.target.export_index],
			);
		} catch (error) {
			// Anything but a SegmentError is a sandbox bug; it still ends the task in ERROR, visibly.
			return error instanceof SegmentError
				? error
				: new SegmentError(`sandbox bug: ${(error as Error).stack}`);
		}
	}

	private log(task: TaskRecord, level: TaskLogEntry['level'], message: string, at: number): void {
		task.logs.push({ timestamp: zuluDate(at), level, message });
	}

	private state(task: TaskRecord): TaskObject['state'] {
		return {
			code: task.code,
			last_run_date: task.lastRun === null ? null : zuluDate(task.lastRun),
			last_modified: zuluDate(task.modified),
			created_date: zuluDate(task.created),
		};
	}

	private serialize(task: TaskRecord, logLimit = 10, logOffset = 0): TaskObject {
		return {
			id: task.id,
			chain: task.chain,
			desc: task.desc,
			state: this.state(task),
			trigger: structuredClone(task.trigger),
			target: structuredClone(task.target),
			logs: task.logs.slice(logOffset, logOffset + logLimit),
			debug: task.debug ?? '',
			version: task.run + 1,
		};
	}
}
