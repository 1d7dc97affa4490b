import { type AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { resetEnvCache } from '#app/utils/env.server.ts'

export type ReceivedMail = { to: string[]; raw: string }

/**
 * A local SMTP server for the enclosing suite: SMTP_URL points at it from beforeAll to afterAll
 * and every message it receives lands in the returned list (emptied after each test).
 */
export function smtpServer() {
	const received: ReceivedMail[] = []
	let smtp: SMTPServer
	const previousSmtpUrl = process.env.SMTP_URL

	beforeAll(async () => {
		smtp = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS', 'AUTH'],
			onData(stream, session, callback) {
				const chunks: Buffer[] = []
				stream.on('data', (chunk: Buffer) => chunks.push(chunk))
				stream.on('end', () => {
					received.push({
						to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
						raw: Buffer.concat(chunks).toString('latin1'),
					})
					callback()
				})
			},
		})
		await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
		const { port } = smtp.server.address() as AddressInfo
		process.env.SMTP_URL = `smtp://127.0.0.1:${port}`
		resetEnvCache()
	})

	afterAll(async () => {
		if (previousSmtpUrl === undefined) delete process.env.SMTP_URL
		else process.env.SMTP_URL = previousSmtpUrl
		resetEnvCache()
		await new Promise<void>((resolve) => smtp.close(() => resolve()))
	})

	afterEach(() => {
		received.length = 0
	})

	return received
}

/** The headers and decoded content (bytes, and as UTF-8 text) of every MIME part of a message. */
export function mimeParts(raw: string) {
	const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((match) => match[1]!)
	let chunks = [raw]
	for (const boundary of boundaries)
		chunks = chunks.flatMap((chunk) => chunk.split(`--${boundary}`))
	return chunks.map((chunk) => {
		const split = chunk.indexOf('\r\n\r\n')
		const headers = chunk.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
		const body = chunk.slice(split + 4)
		const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase()
		const bytes =
			encoding === 'base64'
				? Buffer.from(body.replace(/\s+/g, ''), 'base64')
				: encoding === 'quoted-printable'
					? Buffer.from(
							body
								.replace(/=\r\n/g, '')
								.replace(/=([0-9A-F]{2})/gi, (_, hex: string) =>
									String.fromCharCode(parseInt(hex, 16)),
								),
							'latin1',
						)
					: Buffer.from(body, 'latin1')
		return { headers, bytes, body: bytes.toString('utf8') }
	})
}
