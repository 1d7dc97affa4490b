import { Writable } from 'node:stream'
import pino from 'pino'
import { describe, expect, test } from 'vitest'
import { REDACTED_PATHS, redactUrl } from '#app/utils/logger.server.ts'

describe('logs never carry secrets', () => {
	test('passwords, tokens and cookies are blanked', () => {
		const lines: string[] = []
		const sink = new Writable({
			write(chunk, _encoding, done) {
				lines.push(String(chunk))
				done()
			},
		})
		const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink)
		logger.info(
			{
				password: 'Tajne-heslo-2026',
				token: 'abc.def',
				req: { headers: { cookie: 'sitovka_session=abc.def' } },
				body: { password: 'Tajne-heslo-2026' },
			},
			'login',
		)
		const line = lines.join('')
		expect(line).not.toContain('Tajne-heslo-2026')
		expect(line).not.toContain('abc.def')
		expect(line).toContain('[redacted]')
	})

	test('secret parts of URLs are removed', () => {
		expect(redactUrl('/invite/abcdefghijklmnopqrstuvwx')).toBe('/invite/[redacted]')
		expect(redactUrl('/reset-password/abcdefgh?x=1')).toBe('/reset-password/[redacted]?x=1')
		expect(redactUrl('/calendar/secret123.ics')).toBe('/calendar/[redacted]')
		expect(redactUrl('/login?token=xyz&redirectTo=/')).toBe('/login?token=[redacted]&redirectTo=/')
		expect(redactUrl('/groups/abc')).toBe('/groups/abc')
	})
})
