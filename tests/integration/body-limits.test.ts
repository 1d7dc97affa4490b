import http from 'node:http'
import { beforeAll, describe, expect, test } from 'vitest'
import { BODY_LIMITS } from '#server/body-limits.ts'
import { appServer } from '#tests/setup/app-server.ts'
import { person } from '#tests/setup/route-helpers.ts'

const server = appServer()

// With no account yet every page leads to first-run setup; one account makes /login a form.
beforeAll(async () => {
	await person('jana.novakova@mesto-kolin.cz', 'Jana Nováková')
})
const FORM_LIMIT = BODY_LIMITS.form.maxBytes
const MiB = 1024 * 1024

type Upload = {
	status: number
	body: string
	/** Bytes the client managed to hand to the connection before it was answered or cut off. */
	sent: number
}

/**
 * Sends `total` bytes of form data to `path` in 1 MiB pieces, declaring the length or not
 * (chunked), and stops as soon as the server answers or closes the connection.
 */
function upload(path: string, total: number, options: { declareLength: boolean }) {
	return new Promise<Upload>((resolve, reject) => {
		const piece = Buffer.alloc(MiB, 'a')
		let sent = 0
		let answered = false
		const headers: Record<string, string> = {
			'Content-Type': 'application/x-www-form-urlencoded',
		}
		if (options.declareLength) headers['Content-Length'] = String(total)
		const request = http.request(`${server.baseUrl}${path}`, { method: 'POST', headers })
		request.on('response', (response) => {
			answered = true
			let body = ''
			response.setEncoding('utf8')
			response.on('data', (chunk: string) => (body += chunk))
			response.on('end', () => {
				request.destroy()
				resolve({ status: response.statusCode ?? 0, body, sent })
			})
		})
		request.on('error', (error) => {
			// Writing into a connection the server closed after answering is expected.
			if (!answered) reject(error)
		})
		const writeMore = () => {
			while (!answered && !request.destroyed && sent < total) {
				const size = Math.min(piece.length, total - sent)
				sent += size
				if (!request.write(size === piece.length ? piece : piece.subarray(0, size))) {
					request.once('drain', writeMore)
					return
				}
			}
			if (!answered && !request.destroyed && sent >= total) request.end()
		}
		writeMore()
	})
}

type Answer = { status: number; type: string; body: string }

function readAnswer(response: http.IncomingMessage) {
	return new Promise<Answer>((resolve) => {
		let text = ''
		response.setEncoding('utf8')
		response.on('data', (chunk: string) => (text += chunk))
		response.on('end', () =>
			resolve({
				status: response.statusCode ?? 0,
				type: String(response.headers['content-type'] ?? ''),
				body: text,
			}),
		)
	})
}

/** A request with a small body, answered in full. */
function send(path: string, body: string | Buffer, headers: Record<string, string>) {
	return new Promise<Answer>((resolve, reject) => {
		const request = http.request(`${server.baseUrl}${path}`, { method: 'POST', headers })
		request.on('response', (response) => resolve(readAnswer(response)))
		request.on('error', reject)
		request.end(body)
	})
}

/** The login page answering a wrong password: the form arrived whole, the e-mail is kept. */
function expectLoginRefused(answer: Answer) {
	expect(answer.type).toContain('text/html')
	expect(answer.body).toContain('E-mail nebo heslo nesouhlasí')
	expect(answer.body).toContain('nikdo@mesto.cz')
}

describe('request bodies are limited before anything parses them', () => {
	test('400 MB declared for /login: refused with 413 at once, the upload is cut off, memory stays', async () => {
		const before = process.memoryUsage().rss
		const result = await upload('/login', 400 * MiB, { declareLength: true })
		expect(result.status).toBe(413)
		expect(result.body).toContain('příliš velká')
		// Answered from the headers: the client could hand over only what the sockets buffer.
		expect(result.sent).toBeLessThan(100 * MiB)
		expect(process.memoryUsage().rss - before).toBeLessThan(100 * MiB)
	})

	test('400 MB streamed without a length: counted, refused with 413 at the limit, cut off', async () => {
		const before = process.memoryUsage().rss
		const result = await upload('/login', 400 * MiB, { declareLength: false })
		expect(result.status).toBe(413)
		expect(result.body).toContain('256 KiB')
		expect(result.sent).toBeLessThan(100 * MiB)
		expect(process.memoryUsage().rss - before).toBeLessThan(100 * MiB)
	})

	test('a form just over the limit is refused, one within it reaches the route', async () => {
		const over = await upload('/login', FORM_LIMIT + 1, { declareLength: true })
		expect(over.status).toBe(413)
		const within = await send('/login', `email=nikdo%40mesto.cz&password=${'x'.repeat(1000)}`, {
			'Content-Type': 'application/x-www-form-urlencoded',
		})
		expectLoginRefused(within)
	})

	test('a small form sent in chunks (no length) still reaches the route intact', async () => {
		const chunked = await new Promise<Answer>((resolve, reject) => {
			const request = http.request(`${server.baseUrl}/login`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			})
			request.on('response', (response) => resolve(readAnswer(response)))
			request.on('error', reject)
			request.write('email=nikdo%40mesto.cz&')
			request.end('password=spatne-heslo')
		})
		expectLoginRefused(await chunked)
	})
})

describe('only forms reach form actions; malformed bodies are 400/415, never 500', () => {
	const form = 'email=nikdo%40mesto.cz&password=spatne'

	test('JSON, text/plain and a missing type get 415', async () => {
		const json = await send('/login', JSON.stringify({ email: 'a@b.cz', password: 'x' }), {
			'Content-Type': 'application/json',
		})
		expect(json.status).toBe(415)
		expect(json.body).toContain('nepřijímá')
		expect((await send('/login', form, { 'Content-Type': 'text/plain' })).status).toBe(415)
		expect((await send('/logout', form, {})).status).toBe(415)
	})

	test('multipart without a boundary, or with a body that does not parse, gets 400', async () => {
		const noBoundary = await send('/login', form, { 'Content-Type': 'multipart/form-data' })
		expect(noBoundary.status).toBe(400)
		expect(noBoundary.body).toContain('poškozený')
		const broken = await send('/login', 'this is not multipart at all', {
			'Content-Type': 'multipart/form-data; boundary=----hranice',
		})
		expect(broken.status).toBe(400)
	})

	test('a well-formed multipart form reaches the route', async () => {
		const body = new FormData()
		body.set('email', 'nikdo@mesto.cz')
		body.set('password', 'spatne-heslo')
		const encoded = new Response(body)
		const result = await send('/login', Buffer.from(await encoded.arrayBuffer()), {
			'Content-Type': encoded.headers.get('Content-Type')!,
		})
		expectLoginRefused(result)
	})

	test('Remix data requests (single fetch, `.data`) still post their forms', async () => {
		const result = await send('/login.data', form, {
			'Content-Type': 'application/x-www-form-urlencoded',
		})
		expect(result.status).toBeLessThan(500)
		expect(result.type).not.toContain('text/plain')
	})

	test('/healthz and GET pages are not affected', async () => {
		expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200)
		expect((await fetch(`${server.baseUrl}/login`)).status).toBe(200)
	})
})
