import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from '#app/i18n/use-translation.ts'

/** Accepts `https://…`, `http://…`, `mailto:…`; a bare `www.mpsv.cz` gets `https://`. */
export function normaliseLinkUrl(value: string) {
	const trimmed = value.trim()
	if (!trimmed) return null
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`
	try {
		const url = new URL(withScheme)
		if (url.protocol === 'mailto:') return url.pathname.includes('@') ? withScheme : null
		if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
		if (!url.hostname.includes('.')) return null
		return url.href
	} catch {
		return null
	}
}

/**
 * The link editor: a modal dialog with one labelled field (instead of window.prompt). Escape
 * or "Zrušit" closes it; focus then returns to the text.
 */
export function LinkDialog({
	open,
	initialUrl,
	hasLink,
	onApply,
	onRemove,
	onClose,
}: {
	open: boolean
	initialUrl: string
	hasLink: boolean
	onApply: (url: string) => void
	onRemove: () => void
	onClose: () => void
}) {
	const { t } = useTranslation()
	const dialogRef = useRef<HTMLDialogElement>(null)
	const inputRef = useRef<HTMLInputElement>(null)
	const [url, setUrl] = useState(initialUrl)
	const [invalid, setInvalid] = useState(false)
	const id = useId()

	useEffect(() => {
		const dialog = dialogRef.current
		if (!dialog) return
		if (open && !dialog.open) {
			setUrl(initialUrl)
			setInvalid(false)
			dialog.showModal()
			inputRef.current?.focus()
		} else if (!open && dialog.open) {
			dialog.close()
		}
	}, [open, initialUrl])

	const submit = (event: React.FormEvent) => {
		event.preventDefault()
		const normalised = normaliseLinkUrl(url)
		if (!normalised) {
			setInvalid(true)
			inputRef.current?.focus()
			return
		}
		onApply(normalised)
	}

	return (
		<dialog
			ref={dialogRef}
			className="link-dialog"
			aria-labelledby={`${id}-title`}
			onClose={onClose}
		>
			<form className="form" onSubmit={submit} noValidate>
				<h3 id={`${id}-title`}>{t('minutes.link.title')}</h3>
				<div className="field">
					<label htmlFor={`${id}-url`}>{t('minutes.link.url')}</label>
					<p id={`${id}-hint`} className="field-hint">
						{t('minutes.link.hint')}
					</p>
					<input
						ref={inputRef}
						id={`${id}-url`}
						type="url"
						inputMode="url"
						autoComplete="url"
						value={url}
						onChange={(event) => {
							setUrl(event.currentTarget.value)
							setInvalid(false)
						}}
						aria-invalid={invalid || undefined}
						aria-describedby={invalid ? `${id}-hint ${id}-error` : `${id}-hint`}
					/>
					{invalid ? (
						<ul id={`${id}-error`} className="field-errors">
							<li>{t('minutes.link.invalid')}</li>
						</ul>
					) : null}
				</div>
				<div className="actions">
					<button type="submit" className="button">
						{t('minutes.link.apply')}
					</button>
					{hasLink ? (
						<button type="button" className="button button--secondary" onClick={onRemove}>
							{t('minutes.link.remove')}
						</button>
					) : null}
					<button type="button" className="button button--secondary" onClick={onClose}>
						{t('minutes.link.cancel')}
					</button>
				</div>
			</form>
		</dialog>
	)
}
