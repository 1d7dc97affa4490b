import type { Logger } from 'pino'
import type { RealtimeLimits } from './config.ts'
import type { Connection } from './connection.ts'
import { Document, type DocumentContext } from './document.ts'
import { RefusedError } from './errors.ts'
import type { IdentityMaps } from './identity.ts'
import type { RealtimeStorage } from './storage.ts'

type RegistryOptions = {
	storage: RealtimeStorage
	logger: Logger
	limits: RealtimeLimits
	broadcast: DocumentContext['broadcast']
	send: DocumentContext['send']
	/** The engine detaches sockets from a document that was reset. */
	onReset(document: Document, connections: Connection[]): void
	/** Called once a document has been flushed and unloaded (e.g. to record an automatic version). */
	onUnloaded?(name: string): void
	/** After a change to a document was committed (e.g. to project it into tables). */
	onCommitted?(document: Document): void
	/** The maps that say who somebody is (identity.ts). */
	identity: IdentityMaps
}

/**
 * The live documents. Concurrent joins of a document that is not in memory share one loading
 * promise, so a reconnect storm loads it once. A document with no connections and nothing
 * queued is unloaded after `idleUnloadMs` (its update log is folded first); when
 * `maxLoadedDocuments` is reached, idle documents are evicted early.
 */
export class DocumentRegistry {
	private readonly documents = new Map<string, Document>()
	private readonly loading = new Map<string, Promise<Document>>()
	private readonly idleTimers = new Map<Document, NodeJS.Timeout>()
	/** Documents being unloaded (flushing); awaited on close. */
	private readonly unloading = new Set<Promise<void>>()
	private closing = false
	/** How many times a document was loaded from storage (diagnostics and tests). */
	loads = 0

	constructor(private readonly options: RegistryOptions) {}

	get size() {
		return this.documents.size
	}

	get(name: string) {
		return this.documents.get(name)
	}

	/** Names of the documents in memory now. */
	names() {
		return [...this.documents.keys()]
	}

	/** The live document, loading it once however many callers ask at the same time. */
	async open(name: string): Promise<Document> {
		if (this.closing) throw new RefusedError('unavailable', 'shutting down')
		const live = this.documents.get(name)
		if (live) {
			this.cancelIdle(live)
			return live
		}
		const pending = this.loading.get(name)
		if (pending) return pending
		this.makeRoom()
		const promise = this.load(name)
		this.loading.set(name, promise)
		return promise
	}

	/** A connection was added: the document is in use again. */
	retain(document: Document) {
		this.cancelIdle(document)
	}

	/** A document nobody uses any more: unload it after the idle period. */
	release(document: Document) {
		if (document.closed || document.connectionCount > 0 || this.closing) return
		if (this.documents.get(document.documentName) !== document) return
		this.cancelIdle(document)
		const timer = setTimeout(() => {
			this.idleTimers.delete(document)
			this.unload(document)
		}, this.options.limits.idleUnloadMs)
		timer.unref()
		this.idleTimers.set(document, timer)
	}

	/** Forgets a document that reset itself; the next join loads it again. */
	forget(document: Document) {
		this.cancelIdle(document)
		if (this.documents.get(document.documentName) === document)
			this.documents.delete(document.documentName)
	}

	/** Stops loading, then flushes (compacts) and releases every document. */
	async close() {
		this.closing = true
		await Promise.allSettled(this.loading.values())
		for (const timer of this.idleTimers.values()) clearTimeout(timer)
		this.idleTimers.clear()
		const documents = [...this.documents.values()]
		this.documents.clear()
		await Promise.allSettled([
			...this.unloading,
			...documents.map(async (document) => {
				try {
					await document.flush()
					this.options.onUnloaded?.(document.documentName)
				} finally {
					document.dispose()
				}
			}),
		])
	}

	private async load(name: string) {
		try {
			const loaded = await this.options.storage.loadDocument(name)
			this.loads++
			const document = new Document(name, {
				storage: this.options.storage,
				logger: this.options.logger,
				limits: this.options.limits,
				broadcast: this.options.broadcast,
				send: this.options.send,
				onIdle: (idle) => this.release(idle),
				onReset: (reset, connections) => {
					this.forget(reset)
					this.options.onReset(reset, connections)
				},
				onCommitted: this.options.onCommitted,
				identity: this.options.identity,
			})
			try {
				document.applyLoaded(loaded)
			} catch (error) {
				document.dispose()
				throw error
			}
			this.documents.set(name, document)
			// Nobody may join after all (the socket left meanwhile): unload it in time.
			queueMicrotask(() => this.release(document))
			return document
		} finally {
			this.loading.delete(name)
		}
	}

	private unload(document: Document) {
		if (document.connectionCount > 0 || document.closed) return
		if (document.busy) {
			// A change or compaction is still running; look again after another idle period.
			this.release(document)
			return
		}
		this.forget(document)
		const done = document
			.flush()
			.then(() => this.options.onUnloaded?.(document.documentName))
			.catch((error: unknown) => {
				this.options.logger.error({ err: error, doc: document.documentName }, 'unload failed')
			})
			.finally(() => {
				document.dispose()
				this.unloading.delete(done)
			})
		this.unloading.add(done)
	}

	/** Keeps memory bounded: evicts the longest-idle documents when the limit is reached. */
	private makeRoom() {
		const limit = this.options.limits.maxLoadedDocuments
		if (this.documents.size + this.loading.size < limit) return
		for (const document of this.idleTimers.keys()) {
			if (this.documents.size + this.loading.size < limit) return
			if (document.busy) continue
			this.cancelIdle(document)
			this.unload(document)
		}
		if (this.documents.size + this.loading.size >= limit)
			throw new RefusedError('unavailable', 'too many documents loaded')
	}

	private cancelIdle(document: Document) {
		const timer = this.idleTimers.get(document)
		if (timer) clearTimeout(timer)
		this.idleTimers.delete(document)
	}
}
