import { MIMEType } from 'node:util'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { cleanText } from '#app/utils/normalize.ts'

/**
 * Request bodies per route kind (README decision "Request body limits per route kind"). Every
 * request that may carry a body (not GET, HEAD or OPTIONS) and reaches the app (socket.io answers
 * its own requests and caps them with `maxHttpBufferSize`) is checked before anything parses it:
 *
 * - Only forms are accepted: `application/x-www-form-urlencoded`, or `multipart/form-data` with a
 *   boundary. Anything else (JSON, text/plain, no type) gets 415, multipart without a boundary or
 *   with a body that does not parse gets 400: Remix would otherwise answer 500.
 * - A declared Content-Length above the kind's limit gets 413 before a byte is read; a body
 *   without one (chunked) is counted while it arrives and refused with 413 at the limit. The
 *   connection is then closed, so the sender stops.
 * - Forms are read here (at most their limit) and handed on unchanged, except that text fields
 *   lose bidirectional controls and control characters (`cleanText`, issue 10 finding 12), the
 *   one place every form field passes.
 * - Streamed kinds (file imports) are not read here: they must declare their length, which is
 *   checked, and their route streams the body itself.
 */
export const BODY_LIMITS = {
	/** Every form of the app; the longest text field (a description) is a few thousand characters. */
	form: { maxBytes: 256 * 1024, streamed: false },
	/** File imports (none yet): larger, and read by the route as a stream, not held in memory. */
	import: { maxBytes: 20 * 1024 * 1024, streamed: true },
} as const

export type BodyKind = keyof typeof BODY_LIMITS

/** Routes whose bodies are not ordinary forms; every other route is a `form`. */
const ROUTE_KINDS: Array<{ path: RegExp; kind: BodyKind }> = [
	{ path: /\/import(\.data)?\/?$/, kind: 'import' },
]

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])
/** Form fields whose value is kept exactly as typed: passwords are never shown, only hashed. */
const VERBATIM_FIELD = /password/i

export function bodyKindOf(pathname: string): BodyKind {
	return ROUTE_KINDS.find((route) => route.path.test(pathname))?.kind ?? 'form'
}

const MESSAGES = {
	tooLarge: (maxBytes: number) =>
		`Odeslaná data jsou příliš velká (nejvýše ${formatSize(maxBytes)}). Zkraťte text a odešlete formulář znovu.`,
	lengthRequired: 'Soubor se nepodařilo přijmout: chybí jeho velikost (Content-Length).',
	unsupportedType: 'Tento druh dat server nepřijímá. Odešlete formulář znovu ze stránky Síťovky.',
	malformed: 'Odeslaný formulář je poškozený. Načtěte stránku znovu a odešlete ho ještě jednou.',
}

export function createBodyLimits(): RequestHandler {
	return function bodyLimits(req: Request, res: Response, next: NextFunction) {
		if (BODYLESS_METHODS.has(req.method) || req.path.startsWith('/socket.io/')) return next()

		const type = parseType(req.get('content-type'))
		if (!type || !FORM_TYPES.has(type.essence)) {
			return refuse(res, 415, MESSAGES.unsupportedType)
		}
		if (type.essence === 'multipart/form-data' && !type.params.get('boundary')) {
			return refuse(res, 400, MESSAGES.malformed)
		}

		const limit = BODY_LIMITS[bodyKindOf(req.path)]
		const declared = req.get('content-length')
		if (declared !== undefined && !(Number(declared) <= limit.maxBytes)) {
			return refuse(res, 413, MESSAGES.tooLarge(limit.maxBytes))
		}
		if (limit.streamed) {
			if (declared === undefined && req.get('transfer-encoding') !== undefined) {
				return refuse(res, 411, MESSAGES.lengthRequired)
			}
			return next()
		}
		// Node has already read a Content-Length: 0 body; there is nothing to hold back.
		if (declared === '0') return next()

		void readBounded(req, limit.maxBytes)
			.then(async (result) => {
				if (result === 'aborted') return
				if (result === 'too-large') return refuse(res, 413, MESSAGES.tooLarge(limit.maxBytes))
				const form = await cleanForm(type, result)
				if (!form) return refuse(res, 400, MESSAGES.malformed)
				if (form.contentType) req.headers['content-type'] = form.contentType
				req.headers['content-length'] = String(form.body.length)
				delete req.headers['transfer-encoding']
				// Put the body back in front of the request stream for Remix to read (a documented
				// use of `unshift`: the stream has not emitted 'end', so it ends after this data).
				if (form.body.length > 0) req.unshift(form.body)
				next()
			})
			.catch(next)
	}
}

function parseType(header: string | undefined) {
	if (!header) return null
	try {
		return new MIMEType(header)
	} catch {
		return null
	}
}

/**
 * Reads the whole body while it stays within `maxBytes`, without letting the stream end: it
 * reads exactly what is buffered (never past it, which would make the stream emit 'end'), so the
 * bytes can be put back with `unshift`.
 */
function readBounded(req: Request, maxBytes: number) {
	return new Promise<Buffer | 'too-large' | 'aborted'>((resolve) => {
		const chunks: Buffer[] = []
		let size = 0
		const finish = (result: Buffer | 'too-large' | 'aborted') => {
			req.off('readable', onReadable)
			req.off('error', onAborted)
			req.off('close', onClosed)
			resolve(result)
		}
		const onReadable = () => {
			while (req.readableLength > 0) {
				const chunk = req.read(req.readableLength) as Buffer | null
				if (chunk === null) break
				size += chunk.length
				if (size > maxBytes) return finish('too-large')
				chunks.push(chunk)
			}
			if (req.complete) finish(Buffer.concat(chunks, size))
		}
		const onAborted = () => finish('aborted')
		const onClosed = () => {
			if (!req.complete) finish('aborted')
		}
		req.on('readable', onReadable)
		req.on('error', onAborted)
		req.on('close', onClosed)
	})
}

/**
 * The form with its text fields cleaned, or null when it does not parse. The bytes are returned
 * as they came when nothing needed cleaning.
 */
async function cleanForm(
	type: MIMEType,
	body: Buffer,
): Promise<{ body: Buffer; contentType?: string } | null> {
	if (type.essence === 'application/x-www-form-urlencoded') {
		const fields = new URLSearchParams(body.toString('utf8'))
		let changed = false
		const cleaned = new URLSearchParams()
		for (const [name, value] of fields) {
			const clean = VERBATIM_FIELD.test(name) ? value : cleanText(value)
			if (clean !== value) changed = true
			cleaned.append(name, clean)
		}
		return { body: changed ? Buffer.from(cleaned.toString()) : body }
	}
	let form: FormData
	try {
		form = await new Response(new Uint8Array(body), {
			headers: { 'Content-Type': type.toString() },
		}).formData()
	} catch {
		return null
	}
	let changed = false
	const cleaned = new FormData()
	for (const [name, value] of form) {
		if (typeof value !== 'string' || VERBATIM_FIELD.test(name)) {
			cleaned.append(name, value)
			continue
		}
		const clean = cleanText(value)
		if (clean !== value) changed = true
		cleaned.append(name, clean)
	}
	if (!changed) return { body }
	const encoded = new Response(cleaned)
	return {
		body: Buffer.from(await encoded.arrayBuffer()),
		contentType: encoded.headers.get('Content-Type') ?? undefined,
	}
}

function refuse(res: Response, status: number, message: string) {
	// Closing the connection stops a client that is still sending a body nobody will read.
	res.set('Connection', 'close')
	res.status(status).type('text/plain; charset=utf-8').send(message)
}

function formatSize(bytes: number) {
	return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`
}
