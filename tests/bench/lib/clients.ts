/**
 * Load-generator clients. Writers hold a full Y.Doc, sync with y-protocols messages and type
 * (tests/bench/lib/edits.ts); listeners only join, sync and detect arrivals, so that a thousand
 * of them stay cheap. The same two kinds exist for both servers:
 * - Síťovka: writers are socket.io clients (`socket.io-client`); listeners speak the same
 *   engine.io 4 / socket.io 5 wire protocol over a bare WebSocket (the server cannot tell).
 * - Hocuspocus: both over a bare WebSocket with Hocuspocus framing (varString document name,
 *   varUint message type, then the y-protocols payload; an auth message opens each document).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { io, type Socket } from 'socket.io-client'
import WebSocket from 'ws'
import * as Y from 'yjs'
import {
	decodeMessage,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	type JoinReply,
	type MessageAck,
	REALTIME_NAMESPACE,
	toUint8Array,
} from '#server/realtime/protocol.ts'
import { now, scanMarkers, Typist } from './edits.ts'
import { Histogram } from './histogram.ts'
import type { ServerKind } from './servers.ts'

const CONNECT_TIMEOUT_MS = 30_000
const LOCAL = Symbol('local')
const REMOTE = Symbol('remote')

async function withTimeout<T>(promise: Promise<T>, message: string) {
	let timer: NodeJS.Timeout | undefined
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_resolve, reject) => {
				timer = setTimeout(() => reject(new Error(message)), CONNECT_TIMEOUT_MS)
			}),
		])
	} finally {
		clearTimeout(timer)
	}
}

/** Latencies of edits sent inside the measuring window. */
export class Recorder {
	windowStart = Number.POSITIVE_INFINITY
	windowEnd = Number.POSITIVE_INFINITY
	readonly propagation = new Histogram()
	readonly ack = new Histogram()

	private inWindow(sentAt: number) {
		return sentAt >= this.windowStart && sentAt < this.windowEnd
	}

	observed(sentAt: number, at: number) {
		if (this.inWindow(sentAt)) this.propagation.record(at - sentAt)
	}

	acked(sentAt: number, at: number) {
		if (this.inWindow(sentAt)) this.ack.record(at - sentAt)
	}
}

export type Client = {
	readonly doc: string
	/** Edits of others observed. */
	received: number
	/** The connection dropped or a message was refused. */
	failures: number
	close(): void
}

// --- writers -----------------------------------------------------------------------------------

export abstract class Writer implements Client {
	readonly ydoc = new Y.Doc()
	received = 0
	failures = 0
	edits = 0
	/** When the join was accepted (Síťovka's ack, Hocuspocus's authenticated message). */
	joinedAt = 0
	/** When the sync step 2 arrived (before applying it), and its size. */
	syncedAt = 0
	syncBytes = 0
	protected synced!: () => void
	protected readonly whenSynced = new Promise<void>((resolve) => (this.synced = resolve))
	private readonly typist = new Typist(this.ydoc)
	private sentAt = 0

	constructor(
		readonly id: number,
		readonly doc: string,
		protected readonly recorder: Recorder,
	) {
		this.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === LOCAL) this.sendUpdate(update, this.sentAt)
		})
	}

	/** Opens the transport (handshake included). */
	abstract open(): Promise<void>
	/** Joins the document and resolves once synced. */
	abstract join(): Promise<void>
	abstract close(): void
	protected abstract sendUpdate(update: Uint8Array, sentAt: number): void

	async connect() {
		await this.open()
		await this.join()
	}

	protected receiveSyncStep2(update: Uint8Array) {
		this.syncedAt = now()
		this.syncBytes = update.byteLength
		Y.applyUpdate(this.ydoc, update, REMOTE)
		this.synced()
	}

	/** One small insert carrying its marker (writer id, sequence number, send time). */
	edit(text: (writer: number, seq: number, sentAt: number) => string) {
		this.sentAt = now()
		this.edits++
		this.typist.type(text(this.id, this.edits, this.sentAt), LOCAL)
	}

	/** An update from the server: note the markers of others, then apply it. */
	protected receiveUpdate(update: Uint8Array) {
		const sent: number[] = []
		let own = false
		scanMarkers(update, (marker) => {
			if (marker.writer === this.id) own = true
			else sent.push(marker.sentAt)
		})
		// Hocuspocus echoes a client's own updates back to it; the document has them already.
		if (own && sent.length === 0) return
		Y.applyUpdate(this.ydoc, update, REMOTE)
		const at = now()
		this.received += sent.length
		for (const sentAt of sent) this.recorder.observed(sentAt, at)
	}
}

export class SitovkaWriter extends Writer {
	private socket: Socket | null = null

	constructor(
		id: number,
		doc: string,
		recorder: Recorder,
		private readonly port: number,
		private readonly cookie: string,
	) {
		super(id, doc, recorder)
	}

	async open() {
		const socket = io(`http://127.0.0.1:${this.port}${REALTIME_NAMESPACE}`, {
			extraHeaders: { cookie: this.cookie },
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			timeout: CONNECT_TIMEOUT_MS,
		})
		this.socket = socket
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', () => resolve())
			socket.once('connect_error', reject)
		})
		socket.on('disconnect', (reason) => {
			if (reason !== 'io client disconnect') this.failures++
		})
		socket.on('y', (name: string, raw: unknown) => {
			const payload = toUint8Array(raw)
			if (name === this.doc && payload) this.receive(payload)
		})
	}

	async join() {
		const reply = (await this.socket!.timeout(CONNECT_TIMEOUT_MS).emitWithAck('join', {
			doc: this.doc,
		})) as JoinReply
		this.joinedAt = now()
		if (!reply.ok) throw new Error(`join refused: ${reply.error}`)
		this.send(encodeSyncStep1(Y.encodeStateVector(this.ydoc)))
		await withTimeout(this.whenSynced, 'sync timeout')
	}

	private send(payload: Uint8Array, onAck?: (ack: MessageAck) => void) {
		this.socket!.emit('y', this.doc, payload, (ack: MessageAck) => {
			if (!ack.ok) this.failures++
			onAck?.(ack)
		})
	}

	private receive(payload: Uint8Array) {
		const message = decodeMessage(payload)
		if (message.type === 'sync-step-1') {
			this.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.ydoc, message.stateVector)))
		} else if (message.type === 'sync-step-2') {
			this.receiveSyncStep2(message.update)
		} else if (message.type === 'update') {
			this.receiveUpdate(message.update)
		}
	}

	protected sendUpdate(update: Uint8Array, sentAt: number) {
		this.send(encodeUpdate(update), (ack) => {
			if (ack.ok) this.recorder.acked(sentAt, now())
		})
	}

	close() {
		this.socket?.disconnect()
		this.ydoc.destroy()
	}
}

// Hocuspocus framing (packages/server/src/types.ts MessageType, packages/common auth.ts).
const HP_SYNC = 0
const HP_AWARENESS = 1
const HP_AUTH = 2
const HP_SYNC_REPLY = 4
const HP_CLOSE = 7
const HP_SYNC_STATUS = 8
const HP_AUTH_TOKEN = 0
const HP_AUTH_PERMISSION_DENIED = 1
const HP_AUTH_AUTHENTICATED = 2

function hocuspocusFrame(doc: string, write: (encoder: encoding.Encoder) => void) {
	const encoder = encoding.createEncoder()
	encoding.writeVarString(encoder, doc)
	write(encoder)
	return encoding.toUint8Array(encoder)
}

const hocuspocusAuth = (doc: string, token: string) =>
	hocuspocusFrame(doc, (encoder) => {
		encoding.writeVarUint(encoder, HP_AUTH)
		encoding.writeVarUint(encoder, HP_AUTH_TOKEN)
		encoding.writeVarString(encoder, token)
	})

const hocuspocusSync = (doc: string, syncType: number, body: Uint8Array) =>
	hocuspocusFrame(doc, (encoder) => {
		encoding.writeVarUint(encoder, HP_SYNC)
		encoding.writeVarUint(encoder, syncType)
		encoding.writeVarUint8Array(encoder, body)
	})

type FrameHandlers = {
	text?: (text: string, socket: WebSocket) => void
	binary: (frame: Buffer, socket: WebSocket) => void
}

/**
 * Opens a WebSocket with its frame handlers attached from the start: a server that speaks
 * first (engine.io's open packet) may deliver a frame in the same tick as `open`.
 * ws 7 hands text frames over as strings, ws 8 as Buffers with isBinary false.
 */
function openSocket(url: string, headers: Record<string, string>, handlers: FrameHandlers) {
	const socket = new WebSocket(url, { headers, perMessageDeflate: false })
	socket.on('message', (data: unknown, isBinary?: boolean) => {
		if (typeof data === 'string' || isBinary === false) handlers.text?.(String(data), socket)
		else if (Buffer.isBuffer(data)) handlers.binary(data, socket)
		else if (Array.isArray(data)) handlers.binary(Buffer.concat(data as Buffer[]), socket)
		else handlers.binary(Buffer.from(data as ArrayBuffer), socket)
	})
	return new Promise<WebSocket>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('connect timeout')), CONNECT_TIMEOUT_MS)
		socket.once('open', () => {
			clearTimeout(timer)
			resolve(socket)
		})
		socket.once('error', (error) => {
			clearTimeout(timer)
			reject(error)
		})
	})
}

export class HocuspocusWriter extends Writer {
	private socket: WebSocket | null = null
	/** Send times of edits (null: a sync step 2) awaiting Hocuspocus's SyncStatus, in order. */
	private readonly pendingAcks: Array<number | null> = []

	constructor(
		id: number,
		doc: string,
		recorder: Recorder,
		private readonly port: number,
		private readonly token: string,
	) {
		super(id, doc, recorder)
	}

	private denied: ((error: Error) => void) | null = null
	private readonly refused = new Promise<never>((_resolve, reject) => (this.denied = reject))

	async open() {
		this.refused.catch(() => undefined)
		const socket = await openSocket(
			`ws://127.0.0.1:${this.port}/`,
			{},
			{
				binary: (data, socket) => {
					const decoder = decoding.createDecoder(data)
					decoding.readVarString(decoder)
					const type = decoding.readVarUint(decoder)
					if (type === HP_SYNC || type === HP_SYNC_REPLY) {
						const syncType = decoding.readVarUint(decoder)
						const body = decoding.readVarUint8Array(decoder)
						if (syncType === 0) {
							this.pendingAcks.push(null)
							socket.send(hocuspocusSync(this.doc, 1, Y.encodeStateAsUpdate(this.ydoc, body)))
						} else if (syncType === 1) {
							this.receiveSyncStep2(body)
						} else if (syncType === 2) {
							this.receiveUpdate(body)
						}
					} else if (type === HP_SYNC_STATUS) {
						const saved = decoding.readVarUint(decoder) === 1
						const sentAt = this.pendingAcks.shift()
						if (!saved) this.failures++
						else if (typeof sentAt === 'number') this.recorder.acked(sentAt, now())
					} else if (type === HP_AUTH) {
						const authType = decoding.readVarUint(decoder)
						if (authType === HP_AUTH_AUTHENTICATED) this.joinedAt = now()
						else if (authType === HP_AUTH_PERMISSION_DENIED)
							this.denied?.(new Error(`permission denied: ${decoding.readVarString(decoder)}`))
					} else if (type === HP_CLOSE) {
						this.failures++
					} else if (type !== HP_AWARENESS) {
						this.failures++
					}
				},
			},
		)
		this.socket = socket
		socket.on('error', () => this.failures++)
		socket.on('close', () => {
			if (this.socket) this.failures++
		})
	}

	async join() {
		this.socket!.send(hocuspocusAuth(this.doc, this.token))
		this.socket!.send(hocuspocusSync(this.doc, 0, Y.encodeStateVector(this.ydoc)))
		await withTimeout(Promise.race([this.whenSynced, this.refused]), 'sync timeout')
	}

	protected sendUpdate(update: Uint8Array, sentAt: number) {
		this.pendingAcks.push(sentAt)
		this.socket!.send(hocuspocusSync(this.doc, 2, update))
	}

	close() {
		const socket = this.socket
		this.socket = null
		socket?.close()
		this.ydoc.destroy()
	}
}

// --- listeners ---------------------------------------------------------------------------------

/** Shared by listeners: count the edits in update frames; sampled listeners also time them. */
abstract class Listener implements Client {
	received = 0
	failures = 0
	protected socket: WebSocket | null = null

	constructor(
		readonly doc: string,
		protected readonly port: number,
		protected readonly credential: string,
		private readonly sampled: boolean,
		private readonly recorder: Recorder,
	) {}

	protected done!: (error?: Error) => void
	protected readonly synced = new Promise<void>((resolve, reject) => {
		this.done = (error) => (error ? reject(error) : resolve())
	})

	abstract connect(): Promise<void>

	/** One frame may carry several edits (Síťovka merges the changes of one commit batch). */
	protected arrived(frame: Buffer) {
		const at = now()
		scanMarkers(frame, (marker) => {
			this.received++
			if (this.sampled) this.recorder.observed(marker.sentAt, at)
		})
	}

	protected watch(socket: WebSocket) {
		this.socket = socket
		socket.on('error', () => this.failures++)
		socket.on('close', () => {
			if (this.socket) this.failures++
		})
	}

	close() {
		const socket = this.socket
		this.socket = null
		socket?.close()
	}
}

/** A Síťovka listener speaking engine.io 4 / socket.io 5 over a bare WebSocket. */
export class SitovkaListener extends Listener {
	async connect() {
		const namespace = REALTIME_NAMESPACE
		const doc = JSON.stringify(this.doc)
		const socket = await openSocket(
			`ws://127.0.0.1:${this.port}/socket.io/?EIO=4&transport=websocket`,
			{ cookie: this.credential },
			{
				text: (text, socket) => {
					if (text === '2') socket.send('3')
					else if (text.startsWith('0')) socket.send(`40${namespace},`)
					else if (text.startsWith(`40${namespace},`))
						socket.send(`42${namespace},0["join",{"doc":${doc}}]`)
					else if (text.startsWith(`44${namespace},`)) this.done(new Error(`refused: ${text}`))
					else if (text.startsWith(`43${namespace},0`)) {
						const [reply] = JSON.parse(text.slice(`43${namespace},0`.length)) as [JoinReply]
						if (!reply.ok) return this.done(new Error(`join refused: ${reply.error}`))
						// Sync step 1 with an empty state vector, as a fresh client sends it.
						socket.send(`451-${namespace},1["y",${doc},{"_placeholder":true,"num":0}]`)
						socket.send(encodeSyncStep1(new Uint8Array([0])))
					} else if (text.startsWith(`43${namespace},1[{"ok":false`)) this.failures++
				},
				binary: (frame) => {
					if (frame[0] !== 0) return
					if (frame[1] === 2) this.arrived(frame)
					else if (frame[1] === 1) this.done()
				},
			},
		)
		this.watch(socket)
		await withTimeout(this.synced, 'sync timeout')
	}
}

/** A Hocuspocus listener over a bare WebSocket. */
export class HocuspocusListener extends Listener {
	async connect() {
		const prefix = hocuspocusFrame(this.doc, () => undefined).byteLength
		const socket = await openSocket(
			`ws://127.0.0.1:${this.port}/`,
			{},
			{
				binary: (frame) => {
					const type = frame[prefix]
					if (type === HP_SYNC || type === HP_SYNC_REPLY) {
						if (frame[prefix + 1] === 2) this.arrived(frame)
						else if (frame[prefix + 1] === 1) this.done()
					} else if (type === HP_AUTH && frame[prefix + 1] === HP_AUTH_PERMISSION_DENIED) {
						this.done(new Error('permission denied'))
					} else if (type === HP_CLOSE) this.failures++
				},
			},
		)
		this.watch(socket)
		socket.send(hocuspocusAuth(this.doc, this.credential))
		socket.send(hocuspocusSync(this.doc, 0, new Uint8Array([0])))
		await withTimeout(this.synced, 'sync timeout')
	}
}

export function createWriter(
	kind: ServerKind,
	options: { id: number; doc: string; recorder: Recorder; port: number; credential: string },
): Writer {
	const { id, doc, recorder, port, credential } = options
	return kind === 'sitovka'
		? new SitovkaWriter(id, doc, recorder, port, credential)
		: new HocuspocusWriter(id, doc, recorder, port, credential)
}

export function createListener(
	kind: ServerKind,
	options: { doc: string; recorder: Recorder; port: number; credential: string; sampled: boolean },
): Listener {
	const { doc, recorder, port, credential, sampled } = options
	return kind === 'sitovka'
		? new SitovkaListener(doc, port, credential, sampled, recorder)
		: new HocuspocusListener(doc, port, credential, sampled, recorder)
}

/** Runs `task` for every item, at most `limit` at a time; resolves with the failures. */
export async function inPool<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
	const errors: unknown[] = []
	let next = 0
	const worker = async () => {
		while (next < items.length) {
			const item = items[next++]!
			try {
				await task(item)
			} catch (error) {
				errors.push(error)
			}
		}
	}
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
	return errors
}

// --- abusive reader ----------------------------------------------------------------------------

/** A sync step 1 from a client that has nothing: the answer is the whole document. */
const EVERYTHING_PLEASE = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))

/**
 * A read-only socket asking for the whole document again and again (a sync step 1 with an empty
 * state vector), one request in flight: the next goes out as soon as the answer's ack arrives,
 * or `retryMs` after a refusal (it asks as fast as the server allows). It reads everything it
 * is sent. Counts what it asked, what was answered and refused, and the bytes it received.
 *
 * With `reading: false` it stops reading its socket once joined (the kernel's buffers fill and
 * the server's writes to it back up) and sends a request every `retryMs` without waiting for
 * answers: the reader the server must not buffer for without bound.
 */
export class SyncAbuser {
	requests = 0
	answered = 0
	refused: Record<string, number> = {}
	bytesReceived = 0
	private socket: Socket | null = null
	private running = false

	constructor(
		readonly doc: string,
		private readonly port: number,
		private readonly cookie: string,
		private readonly retryMs = 10,
		private readonly reading = true,
	) {}

	/** Connects and joins; resolves with the refusal of the handshake or join, if any. */
	async connect(): Promise<string | null> {
		const socket = io(`http://127.0.0.1:${this.port}${REALTIME_NAMESPACE}`, {
			extraHeaders: { cookie: this.cookie },
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			timeout: CONNECT_TIMEOUT_MS,
		})
		this.socket = socket
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve())
				socket.once('connect_error', reject)
			})
		} catch (error) {
			return error instanceof Error ? error.message : String(error)
		}
		socket.on('y', (_name: string, raw: unknown) => {
			this.bytesReceived += toUint8Array(raw)?.byteLength ?? 0
		})
		const reply = (await socket
			.timeout(CONNECT_TIMEOUT_MS)
			.emitWithAck('join', { doc: this.doc })) as JoinReply
		return reply.ok ? null : reply.error
	}

	start() {
		this.running = true
		if (this.reading) return this.ask()
		const transport = this.socket?.io.engine.transport as unknown as {
			ws?: { _socket?: { pause(): void } }
		}
		transport.ws?._socket?.pause()
		const timer = setInterval(() => {
			if (!this.running || !this.socket?.connected) return clearInterval(timer)
			this.requests++
			this.socket.emit('y', this.doc, EVERYTHING_PLEASE)
		}, this.retryMs)
	}

	stop() {
		this.running = false
	}

	private ask() {
		if (!this.running || !this.socket?.connected) return
		this.requests++
		this.socket.emit('y', this.doc, EVERYTHING_PLEASE, (ack: MessageAck) => {
			if (ack.ok) {
				this.answered++
				this.ask()
			} else {
				this.refused[ack.error] = (this.refused[ack.error] ?? 0) + 1
				setTimeout(() => this.ask(), this.retryMs)
			}
		})
	}

	close() {
		this.running = false
		this.socket?.disconnect()
	}
}
