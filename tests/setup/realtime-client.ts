import { io, type Socket } from 'socket.io-client'
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
	type ClosedNotice,
	decodeMessage,
	encodeAwareness,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	type JoinReply,
	type LeaveReply,
	type MessageAck,
	REALTIME_NAMESPACE,
	toUint8Array,
} from '#server/realtime/protocol.ts'

/** Transaction origin of changes received from the server (never sent back). */
export const REMOTE = Symbol('remote')
const ACK_TIMEOUT_MS = 5000

export type ClientOptions = {
	cookie?: string
	headers?: Record<string, string>
	/** Reconnect after a lost connection and join every document again (default false). */
	reconnect?: boolean
}

/** One document on a test client: a real Y.Doc kept in sync with y-protocols messages. */
export class TestDocument {
	readonly doc = new Y.Doc()
	readonly awareness = new Awareness(this.doc)
	readOnly = false
	joined = false
	/** The answer to the latest join (also the automatic re-join after a `closed` notice). */
	lastJoin: JoinReply | null = null
	/** The server's sync step 2 arrived (the client has everything the server had then). */
	synced = false
	/** Tags of edits (see `type`) whose update, or a later sync step 2 carrying it, was acked ok. */
	readonly acked = new Set<string>()
	readonly typed: string[] = []
	readonly refusals: string[] = []
	private tagOfNextUpdate: string | null = null

	constructor(
		readonly name: string,
		private readonly client: TestClient,
	) {
		this.awareness.setLocalState(null)
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === REMOTE) return
			const tag = this.tagOfNextUpdate
			this.tagOfNextUpdate = null
			if (!this.joined || !this.client.socket.connected) return
			void this.client.send(this.name, encodeUpdate(update)).then(
				(ack) => {
					if (ack.ok && tag) this.acked.add(tag)
					if (!ack.ok) this.refusals.push(ack.error)
				},
				() => undefined,
			)
		})
		this.awareness.on(
			'update',
			({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
				if (origin !== 'local' || !this.joined || !this.client.socket.connected) return
				const changed = [...added!, ...updated!, ...removed!]
				void this.client
					.send(this.name, encodeAwareness(encodeAwarenessUpdate(this.awareness, changed)))
					.catch(() => undefined)
			},
		)
	}

	get text() {
		return this.doc.getText('content')
	}

	/** Appends `value` to the text; `tag` (default: the value) identifies the edit for `acked`. */
	type(value: string, tag = value) {
		this.typed.push(tag)
		this.tagOfNextUpdate = tag
		this.text.insert(this.text.length, value)
	}

	/** Called when the server sends a message for this document. */
	receive(payload: Uint8Array) {
		const message = decodeMessage(payload)
		switch (message.type) {
			case 'sync-step-1': {
				if (this.readOnly) return
				// Everything typed so far is in this step 2 (or already on the server).
				const covered = this.typed.filter((tag) => !this.acked.has(tag))
				const reply = encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector))
				void this.client.send(this.name, reply).then(
					(ack) => {
						if (ack.ok) for (const tag of covered) this.acked.add(tag)
						else this.refusals.push(ack.error)
					},
					() => undefined,
				)
				return
			}
			case 'sync-step-2':
				Y.applyUpdate(this.doc, message.update, REMOTE)
				this.synced = true
				return
			case 'update':
				Y.applyUpdate(this.doc, message.update, REMOTE)
				return
			case 'awareness':
				applyAwarenessUpdate(this.awareness, message.update, REMOTE)
		}
	}

	destroy() {
		this.awareness.destroy()
		this.doc.destroy()
	}
}

/** A socket.io client speaking the realtime protocol, for tests. */
export class TestClient {
	readonly docs = new Map<string, TestDocument>()
	readonly closedNotices: Array<{ doc: string; reason: string }> = []
	/** Every `y` message received, per document. */
	readonly received = new Map<string, number>()

	constructor(
		readonly socket: Socket,
		private readonly options: ClientOptions,
	) {
		socket.on('y', (name: string, raw: unknown) => {
			this.received.set(name, (this.received.get(name) ?? 0) + 1)
			const payload = toUint8Array(raw)
			if (payload) this.docs.get(name)?.receive(payload)
		})
		socket.on('closed', (name: string, notice: ClosedNotice) => {
			this.closedNotices.push({ doc: name, reason: notice.reason })
			const document = this.docs.get(name)
			if (!document) return
			document.joined = false
			document.synced = false
			void this.join(name).catch(() => undefined)
		})
		socket.on('disconnect', () => {
			for (const document of this.docs.values()) {
				document.joined = false
				document.synced = false
			}
		})
		// `connect` fires again after every reconnection: join every document again.
		socket.on('connect', () => {
			if (!this.options.reconnect) return
			for (const name of this.docs.keys()) void this.join(name).catch(() => undefined)
		})
	}

	doc(name: string) {
		const document = this.docs.get(name)
		if (!document) throw new Error(`not joined: ${name}`)
		return document
	}

	/** Joins (creating the local Y.Doc on first use) and starts the sync handshake. */
	async join(name: string): Promise<JoinReply> {
		let document = this.docs.get(name)
		if (!document) {
			document = new TestDocument(name, this)
			this.docs.set(name, document)
		}
		const reply = (await this.socket
			.timeout(ACK_TIMEOUT_MS)
			.emitWithAck('join', { doc: name })) as JoinReply
		document.lastJoin = reply
		if (!reply.ok) return reply
		document.joined = true
		document.readOnly = reply.readOnly
		await this.send(name, encodeSyncStep1(Y.encodeStateVector(document.doc)))
		const local = document.awareness.getLocalState()
		if (local !== null)
			await this.send(
				name,
				encodeAwareness(encodeAwarenessUpdate(document.awareness, [document.doc.clientID])),
			)
		return reply
	}

	async leave(name: string): Promise<LeaveReply> {
		const reply = (await this.socket
			.timeout(ACK_TIMEOUT_MS)
			.emitWithAck('leave', { doc: name })) as LeaveReply
		const document = this.docs.get(name)
		if (document) document.joined = false
		return reply
	}

	/** Sends one raw `y` message and resolves with the ack. */
	send(name: unknown, payload: unknown): Promise<MessageAck> {
		return this.socket
			.timeout(ACK_TIMEOUT_MS)
			.emitWithAck('y', name, payload) as Promise<MessageAck>
	}

	close() {
		this.socket.disconnect()
		for (const document of this.docs.values()) document.destroy()
		this.docs.clear()
	}
}

function createSocket(url: string, options: ClientOptions) {
	const headers: Record<string, string> = { ...options.headers }
	if (options.cookie) headers.cookie = options.cookie
	return io(url + REALTIME_NAMESPACE, {
		extraHeaders: headers,
		transports: ['websocket'],
		forceNew: true,
		reconnection: options.reconnect ?? false,
		reconnectionDelay: 20,
		reconnectionDelayMax: 100,
		randomizationFactor: 0,
	})
}

/** Connects and resolves once the handshake is accepted; rejects with the connect_error. */
export function connectClient(url: string, options: ClientOptions = {}) {
	const socket = createSocket(url, options)
	return new Promise<TestClient>((resolve, reject) => {
		const onError = (error: Error) => {
			socket.off('connect', onConnect)
			socket.disconnect()
			reject(error)
		}
		const onConnect = () => {
			socket.off('connect_error', onError)
			resolve(new TestClient(socket, options))
		}
		socket.once('connect', onConnect)
		socket.once('connect_error', onError)
	})
}
