import { eq } from 'drizzle-orm'
import nodemailer, { type Transporter } from 'nodemailer'
import { getEnv } from '#app/utils/env.server.ts'
import { getLogger } from '#app/utils/logger.server.ts'
import { getDb } from '#db/client.ts'
import { outbox } from '#db/schema.ts'
import { redactSecretLinks } from './secret-links.ts'

export type Mail = {
	to: string
	subject: string
	text: string
	html?: string
	/** What the mail is for, e.g. `invitation`; shown in the outbox. */
	kind: string
	attachments?: Array<{ filename: string; content: string | Buffer; contentType?: string }>
}

declare global {
	var __sitovkaMailer: { url: string; transporter: Transporter } | undefined
}

function getTransporter(url: string) {
	if (globalThis.__sitovkaMailer?.url !== url) {
		globalThis.__sitovkaMailer = { url, transporter: nodemailer.createTransport(url) }
	}
	return globalThis.__sitovkaMailer.transporter
}

/**
 * Records the mail in the outbox and, when SMTP_URL is set, sends it. Without SMTP the mail
 * stays in the outbox (status `stored`) where administrators can read it.
 * Sending failures are recorded, logged and reported to the caller as `failed`.
 *
 * The outbox is a record, not a queue: the mail is sent right here, with its real links, and
 * the stored text and HTML never hold a working secret link (`redactSecretLinks`). A mail that
 * was not sent (`stored` or `failed`) therefore cannot be re-sent from the outbox; its link can
 * be issued again (a new invitation link in Správa → Čekající pozvánky, a new reset link).
 */
export async function sendMail(mail: Mail) {
	const env = getEnv()
	const db = getDb()
	const row = db
		.insert(outbox)
		.values({
			to: mail.to,
			subject: mail.subject,
			text: redactSecretLinks(mail.text),
			html: mail.html === undefined ? null : redactSecretLinks(mail.html),
			kind: mail.kind,
			status: 'stored',
		})
		.returning({ id: outbox.id })
		.get()
	if (!env.SMTP_URL) return { id: row.id, status: 'stored' as const }
	try {
		await getTransporter(env.SMTP_URL).sendMail({
			from: env.MAIL_FROM,
			to: mail.to,
			subject: mail.subject,
			text: mail.text,
			html: mail.html,
			attachments: mail.attachments,
		})
		db.update(outbox).set({ status: 'sent', sentAt: new Date() }).where(eq(outbox.id, row.id)).run()
		return { id: row.id, status: 'sent' as const }
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error)
		getLogger().error({ outboxId: row.id, kind: mail.kind, err: message }, 'mail sending failed')
		db.update(outbox).set({ status: 'failed', error: message }).where(eq(outbox.id, row.id)).run()
		return { id: row.id, status: 'failed' as const }
	}
}
