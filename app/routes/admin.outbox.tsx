import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Fragment } from 'react'
import { listOutbox, OUTBOX_PAGE_SIZE } from '#app/admin/admin.server.ts'
import { requireAdmin } from '#app/auth/auth.server.ts'
import { formatDateTime } from '#app/i18n/format.ts'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { MASK } from '#app/mail/secret-links.ts'
import { getEnv } from '#app/utils/env.server.ts'

export const meta: MetaFunction = () => [{ title: 'Odchozí e-maily | Správa | Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	requireAdmin(request)
	const mails = listOutbox()
	return {
		mails,
		smtpConfigured: Boolean(getEnv().SMTP_URL),
		truncated: mails.length >= OUTBOX_PAGE_SIZE,
	}
}

const KNOWN_KINDS = new Set([
	'invitation',
	'membership',
	'password-reset',
	'meeting-invitation',
	'meeting-cancellation',
	'meeting-reminder',
])

/**
 * Mail text with its web addresses as links, so an administrator can open or copy them. Secret
 * links are stored masked (app/mail/secret-links.ts) and shown as plain, marked text.
 */
function MailText({ text }: { text: string }) {
	const { t } = useTranslation()
	const parts = text.split(/(https?:\/\/[^\s<>"]+)/g)
	return (
		<pre className="mail-text">
			{parts.map((part, index) =>
				index % 2 === 0 ? (
					<Fragment key={index}>{part}</Fragment>
				) : part.includes(MASK) ? (
					<span key={index} className="muted" title={t('admin.outbox.maskedLink')}>
						{part}
					</span>
				) : (
					<a key={index} href={part}>
						{part}
					</a>
				),
			)}
		</pre>
	)
}

export default function AdminOutboxPage() {
	const { t, locale } = useTranslation()
	const { mails, smtpConfigured, truncated } = useLoaderData<typeof loader>()
	return (
		<div className="stack">
			<p>
				<Link to="/admin">{t('admin.back')}</Link>
			</p>
			<h1>{t('admin.outbox')}</h1>
			<p className="muted">{t('admin.outbox.intro')}</p>
			{!smtpConfigured ? <p className="notice-info">{t('admin.outbox.smtpOff')}</p> : null}
			{truncated ? (
				<p className="muted">{t('admin.outbox.limit', { count: mails.length })}</p>
			) : null}
			{mails.length ? (
				<ol className="list outbox" aria-label={t('admin.outbox.list')}>
					{mails.map((mail) => (
						<li key={mail.id} className="outbox-item">
							<h2 className="outbox-item__subject">{mail.subject}</h2>
							<dl className="details">
								<dt>{t('admin.outbox.to')}</dt>
								<dd>{mail.to}</dd>
								<dt>{t('admin.outbox.time')}</dt>
								<dd>
									<time dateTime={new Date(mail.createdAt).toISOString()}>
										{formatDateTime(new Date(mail.createdAt), locale)}
									</time>
								</dd>
								<dt>{t('admin.outbox.kind')}</dt>
								<dd>
									{KNOWN_KINDS.has(mail.kind) ? t(`admin.outbox.kind.${mail.kind}`) : mail.kind}
								</dd>
								<dt>{t('admin.outbox.status')}</dt>
								<dd>
									<span className={`badge badge--${mail.status}`}>
										{t(`admin.outbox.status.${mail.status}`)}
									</span>
								</dd>
								{mail.error ? (
									<>
										<dt>{t('admin.outbox.error')}</dt>
										<dd>{mail.error}</dd>
									</>
								) : null}
							</dl>
							<details className="outbox-item__text">
								<summary>{t('admin.outbox.showText')}</summary>
								<MailText text={mail.text} />
							</details>
						</li>
					))}
				</ol>
			) : (
				<p className="muted">{t('admin.outbox.empty')}</p>
			)}
		</div>
	)
}
