import http from 'node:http'
import { type AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import express from 'express'
import pino from 'pino'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { REDACTED_PATHS } from '#app/utils/logger.server.ts'
import { createRequestLogger } from '#server/request-log.ts'

// The request log line of every path that carries a secret shows it redacted: a real request
// through the server's request logger, the line captured as pino writes it.

const waiting = new Map<string, (line: string) => void>()
let server: http.Server
let port: number

beforeAll(async () => {
	const destination = new Writable({
		write(chunk: Buffer, _encoding, done) {
			const line = chunk.toString('utf8')
			for (const [requestId, resolve] of waiting) {
				if (line.includes(`"reqId":"${requestId}"`)) resolve(line)
			}
			done()
		},
	})
	const logger = pino(
		{ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
		destination,
	)
	const app = express()
	app.use(createRequestLogger(logger))
	app.all('*', (_req, res) => res.status(200).send('ok'))
	server = http.createServer(app)
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** Sends a request and returns the log line written for it (found by its request id). */
async function logLineFor(method: string, path: string) {
	const requestId = `t-${Math.random().toString(36).slice(2)}`
	const logged = new Promise<string>((resolve) => waiting.set(requestId, resolve))
	await new Promise<void>((resolve, reject) => {
		const request = http.request(
			{
				host: '127.0.0.1',
				port,
				path,
				method,
				headers: { 'X-Request-Id': requestId },
				agent: false,
			},
			(response) => {
				response.resume()
				response.on('end', resolve)
			},
		)
		request.on('error', reject)
		request.end()
	})
	// The line is written once the response has finished.
	const line = await logged
	waiting.delete(requestId)
	return JSON.parse(line) as { url: string; status: number; msg: string }
}

const TOKEN = 'k7wq3vbn5xz2mhp4rtc6yjda'

test.each([
	['GET', `/poll/${TOKEN}`, '/poll/[redacted]'],
	['POST', `/poll/${TOKEN}?index`, '/poll/[redacted]?index'],
	[
		'GET',
		`/poll/${TOKEN}.data?notice=notice.pollAnswered`,
		'/poll/[redacted]?notice=notice.pollAnswered',
	],
	['GET', `/invite/${TOKEN}`, '/invite/[redacted]'],
	['POST', `/reset-password/${TOKEN}`, '/reset-password/[redacted]'],
	['GET', `/calendar/${TOKEN}.ics`, '/calendar/[redacted]'],
	['GET', `/login?redirectTo=%2Fpoll%2F${TOKEN}`, '/login?redirectTo=%2Fpoll%2F[redacted]'],
	['GET', `/login?token=${TOKEN}`, '/login?token=[redacted]'],
])('%s %s is logged without its token', async (method, path, logged) => {
	const line = await logLineFor(method, path)
	expect(line.msg).toBe('request')
	expect(line.status).toBe(200)
	expect(line.url).toBe(logged)
	expect(JSON.stringify(line)).not.toContain(TOKEN)
})

test('paths without a secret are logged as they are', async () => {
	expect((await logLineFor('GET', '/meetings/abc/poll?notice=x')).url).toBe(
		'/meetings/abc/poll?notice=x',
	)
	expect((await logLineFor('GET', '/groups/abc')).url).toBe('/groups/abc')
})
