import { Form, Link } from '@remix-run/react'
import { useId, useRef, useState } from 'react'
import { useTranslation } from '#app/i18n/use-translation.ts'

/** The link in a read-only field with a button that copies it (or selects it to copy by hand). */
function CopyableLink({ url }: { url: string }) {
	const { t } = useTranslation()
	const inputId = useId()
	const input = useRef<HTMLInputElement>(null)
	const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
	const copy = async () => {
		try {
			await navigator.clipboard.writeText(url)
			setState('copied')
		} catch {
			input.current?.select()
			setState('failed')
		}
	}
	return (
		<div className="field">
			<label htmlFor={inputId}>{t('polls.guestLink.label')}</label>
			<div className="poll-guest-link">
				<input
					ref={input}
					id={inputId}
					type="text"
					name="guestUrl"
					readOnly
					value={url}
					onFocus={(event) => event.currentTarget.select()}
				/>{' '}
				<button type="button" className="button" onClick={() => void copy()}>
					{t('polls.guestLink.copy')}
				</button>
			</div>
			<p className="muted" role="status">
				{state === 'copied'
					? t('polls.guestLink.copied')
					: state === 'failed'
						? t('polls.guestLink.copyFailed')
						: ''}
			</p>
		</div>
	)
}

/**
 * The convenor's guest link. Only the link's hash is stored, so the full link is shown in the
 * browser that made it (until hidden); otherwise the card explains that and offers a new link,
 * which asks for confirmation because the old one stops working.
 */
export function GuestLinkCard({
	guestUrl,
	confirmingNew,
	path,
}: {
	guestUrl: string | null
	confirmingNew: boolean
	path: string
}) {
	const { t } = useTranslation()
	return (
		<section className="card stack" aria-labelledby="poll-guest-link">
			<h2 id="poll-guest-link">{t('polls.guestLink.title')}</h2>
			<p className="muted">{t('polls.guestLink.hint')}</p>
			{guestUrl ? (
				<>
					<CopyableLink url={guestUrl} />
					<p>{t('polls.guestLink.shown')}</p>
				</>
			) : (
				<p>{t('polls.guestLink.hidden')}</p>
			)}
			{confirmingNew ? (
				<Form method="post" className="stack" aria-labelledby="poll-new-link-question">
					<p id="poll-new-link-question">
						<strong>{t('polls.guestLink.confirm')}</strong>
					</p>
					<input type="hidden" name="intent" value="new-link" />
					<input type="hidden" name="confirmed" value="yes" />
					<div className="actions">
						<button type="submit" className="button">
							{t('polls.guestLink.confirmYes')}
						</button>{' '}
						<Link to={path} className="button button--secondary">
							{t('polls.guestLink.keep')}
						</Link>
					</div>
				</Form>
			) : (
				<div className="actions">
					<Form method="post" className="inline-form">
						<input type="hidden" name="intent" value="new-link" />
						<button type="submit" className="button button--secondary">
							{t('polls.guestLink.new')}
						</button>
					</Form>{' '}
					{guestUrl ? (
						<Form method="post" className="inline-form">
							<input type="hidden" name="intent" value="hide-link" />
							<button type="submit" className="button button--secondary">
								{t('polls.guestLink.hide')}
							</button>
						</Form>
					) : null}
				</div>
			)}
		</section>
	)
}
