import * as Y from 'yjs'
import { encodeUpdate } from '#server/realtime/protocol.ts'

/**
 * Local changes merged into one message are kept below this size, well under the server's
 * 1 MiB `maxPayloadBytes`, so that a batch is never refused when its parts would be accepted.
 */
export const MAX_BATCH_BYTES = 256 * 1024

/** One queued message: framed payload plus how many local changes it stands for. */
export type OutgoingMessage = { payload: Uint8Array; weight: number }

type Entry = { update: Uint8Array; weight: number } | { framed: Uint8Array; weight: number }

/**
 * Local changes waiting to be sent. At most one message is in flight at a time: changes typed
 * meanwhile queue up and leave as one merged update when the acknowledgement arrives, so a
 * fast typist sends one message per round trip, not one per key.
 */
export class Outbox {
	private queue: Entry[] = []
	private inFlight: { entries: Entry[]; weight: number } | null = null

	/** Local changes not yet acknowledged (queued and in flight). */
	get pending() {
		const queued = this.queue.reduce((sum, entry) => sum + entry.weight, 0)
		return queued + (this.inFlight?.weight ?? 0)
	}

	get busy() {
		return this.inFlight !== null
	}

	get isEmpty() {
		return this.queue.length === 0
	}

	push(update: Uint8Array, weight = 1) {
		this.queue.push({ update, weight })
	}

	/** A ready-made message (a sync step 2) that goes out before anything queued after it. */
	pushFramed(framed: Uint8Array, weight: number) {
		this.queue.push({ framed, weight })
	}

	/**
	 * Takes the next message to send: a framed message alone, or as many consecutive updates as
	 * fit in `maxBytes`, merged. Returns null while a message is in flight or nothing is queued.
	 */
	take(maxBytes = MAX_BATCH_BYTES): OutgoingMessage | null {
		if (this.inFlight || this.queue.length === 0) return null
		const first = this.queue[0]!
		let entries: Entry[]
		let payload: Uint8Array
		if ('framed' in first) {
			entries = [first]
			payload = first.framed
		} else {
			entries = []
			let size = 0
			for (const entry of this.queue) {
				if (!('update' in entry)) break
				if (entries.length > 0 && size + entry.update.byteLength > maxBytes) break
				entries.push(entry)
				size += entry.update.byteLength
			}
			const updates = entries.map((entry) => (entry as { update: Uint8Array }).update)
			payload = encodeUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates))
		}
		this.queue.splice(0, entries.length)
		const weight = entries.reduce((sum, entry) => sum + entry.weight, 0)
		this.inFlight = { entries, weight }
		return { payload, weight }
	}

	/** The message in flight was stored. */
	acknowledge() {
		this.inFlight = null
	}

	/** The message in flight was not stored: its changes go back to the front of the queue. */
	retry() {
		if (!this.inFlight) return
		this.queue.unshift(...this.inFlight.entries)
		this.inFlight = null
	}

	/**
	 * Everything queued or in flight will be carried by the sync handshake of the next join:
	 * forget it and return how many local changes it stood for.
	 */
	drain() {
		const weight = this.pending
		this.queue = []
		this.inFlight = null
		return weight
	}
}
