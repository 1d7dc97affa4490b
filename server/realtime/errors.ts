import type { JoinError, MessageError } from './protocol.ts'

/** An expected refusal: the engine answers the client `{ ok: false, error: code }`. */
export class RefusedError extends Error {
	constructor(
		readonly code: JoinError | MessageError,
		message: string = code,
	) {
		super(message)
		this.name = 'RefusedError'
	}
}
