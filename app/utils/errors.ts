import { data } from '@remix-run/node'
import type { MessageKey } from '#app/i18n/messages.ts'

/**
 * Expected refusals (not bugs): a stable message key that people read in their language, and
 * the HTTP status. Thrown from loaders and actions as a Response whose JSON body is
 * `{ error: key }`; the one error boundary (`GeneralErrorBoundary`) shows the key's message.
 * Shaped after epic-stack's `invariantResponse` and outline's `server/errors.ts`.
 */
export type ErrorBody = { error: MessageKey }

/** The default message for each status we answer with. */
const STATUS_KEYS = {
	400: 'error.badRequest',
	403: 'error.forbidden',
	404: 'error.notFound',
	409: 'error.conflict',
} as const satisfies Record<number, MessageKey>

export type ErrorStatus = keyof typeof STATUS_KEYS

/** A refusal with a stable key and status, for domain code that does not know about HTTP. */
export class DomainError extends Error {
	constructor(
		readonly key: MessageKey,
		readonly status: ErrorStatus = 400,
	) {
		super(key)
		this.name = 'DomainError'
	}
}

/** The Response for a refusal: `{ error: key }` with the status. */
export function errorResponse(status: ErrorStatus, key: MessageKey = STATUS_KEYS[status]) {
	return Response.json({ error: key } satisfies ErrorBody, { status })
}

/** Throws `errorResponse(status, key)` unless `condition` holds (400 unless told otherwise). */
export function invariantResponse(
	condition: unknown,
	key?: MessageKey,
	{ status = 400 }: { status?: ErrorStatus } = {},
): asserts condition {
	if (!condition) throw errorResponse(status, key ?? STATUS_KEYS[status])
}

/** The value, or a thrown 404 (also for what the person may not know exists). */
export function requireFound<T>(value: T | null | undefined, key?: MessageKey): T {
	if (value === null || value === undefined) throw errorResponse(404, key)
	return value
}

/** A thrown 404. */
export function notFound(key?: MessageKey): never {
	throw errorResponse(404, key)
}

/** A thrown 403. */
export function forbidden(key?: MessageKey): never {
	throw errorResponse(403, key)
}

/** A thrown 400 (an unknown intent, a form a browser would not send). */
export function badRequest(key?: MessageKey): never {
	throw errorResponse(400, key)
}

/** A DomainError as its Response; anything else is thrown on. */
export function domainErrorResponse(error: unknown) {
	if (error instanceof DomainError) return errorResponse(error.status, error.key)
	throw error
}

/**
 * An action's answer to a form that did not pass: status 400 with the payload (conform's
 * `submission.reply()`, which keeps what was typed), so the page shows the form again, filled in.
 */
export function invalidForm<T>(payload: T) {
	return data(payload, { status: 400 })
}
