import type * as Y from 'yjs'
import type { DocumentName } from './protocol.ts'

/** What a user may do with a document. `none` is answered `not_found`. */
export type Access = 'none' | 'read' | 'write'

/**
 * A resolver's answer: the access, and optionally when it must be decided again without any
 * change in the database (a comments deadline, a session's expiry). The engine re-resolves
 * every joined socket at `recheckAt`.
 */
export type Resolution = Access | { access: Access; recheckAt?: Date | null }

/**
 * Who a socket belongs to, as the engine sees it. The engine reads nothing but `id` and `name`
 * (logs, presence); the kinds receive the full object the authenticator returned.
 */
export interface RealtimeUser {
	readonly id: string
	readonly name: string
}

/**
 * A kind of live document, declared by the domain that owns it and registered by the server's
 * composition root. The engine knows nothing of the app beyond this interface.
 *
 * A document name is `<prefix>:<part>…`; several kinds may share a prefix (`meeting:<id>:minutes`
 * and `meeting:<id>:agenda`) as long as their `parse` accepts different parts.
 */
export interface LiveDocumentKind<U extends RealtimeUser = RealtimeUser, P = unknown> {
	/** A unique name for logs and duplicate checks, e.g. `meeting-minutes`. */
	readonly id: string
	/** The name's first segment. */
	readonly prefix: string
	/** The parts after the prefix as this kind's parameters, or null when not this kind. */
	parse(parts: readonly string[]): P | null
	/** Asked on every join and whenever access may have changed; `read` is enforced per message. */
	resolve(user: U, params: P): Resolution | Promise<Resolution>
	/** After a change was committed (stored) and broadcast; `doc` is the live document. */
	onCommitted?(doc: Y.Doc, params: P, name: string): void
	/**
	 * When the document goes idle (flushed and unloaded) and periodically while it is in use, e.g.
	 * to record an automatic version.
	 */
	onIdle?(name: string, params: P): void
}

/** A kind whose user type is erased, as the registry stores it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKind = LiveDocumentKind<any, any>

export type ResolvedAccess = { access: Access; recheckAt: Date | null }

/** The one place that maps document names to their kinds. */
export class DocumentKinds<U extends RealtimeUser = RealtimeUser> {
	private readonly byPrefix = new Map<string, AnyKind[]>()
	private readonly ids = new Set<string>()

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	register<P>(kind: LiveDocumentKind<U, P> | LiveDocumentKind<any, P>) {
		if (this.ids.has(kind.id)) throw new Error(`Document kind "${kind.id}" is already registered`)
		this.ids.add(kind.id)
		const list = this.byPrefix.get(kind.prefix) ?? []
		list.push(kind)
		this.byPrefix.set(kind.prefix, list)
		return this
	}

	/** The kind of a parsed name and its parameters, or null (unknown kinds are `none`). */
	find(name: DocumentName): { kind: AnyKind; params: unknown } | null {
		for (const kind of this.byPrefix.get(name.kind) ?? []) {
			const params = kind.parse(name.parts)
			if (params !== null) return { kind, params }
		}
		return null
	}

	async resolve(user: U, name: DocumentName): Promise<ResolvedAccess> {
		const found = this.find(name)
		if (!found) return { access: 'none', recheckAt: null }
		const resolution = await found.kind.resolve(user, found.params)
		return typeof resolution === 'string'
			? { access: resolution, recheckAt: null }
			: { access: resolution.access, recheckAt: resolution.recheckAt ?? null }
	}

	committed(name: DocumentName, doc: Y.Doc) {
		const found = this.find(name)
		found?.kind.onCommitted?.(doc, found.params, name.name)
	}

	idle(name: DocumentName) {
		const found = this.find(name)
		found?.kind.onIdle?.(name.name, found.params)
	}
}
