import { useEffect, useState } from 'react'
import { useTranslation } from '#app/i18n/use-translation.ts'
import type { PasswordStrength } from './password-strength.ts'

/**
 * Live strength feedback in Czech (zxcvbn-ts with its Czech dictionary). The dictionaries are
 * large, so they load only when someone starts typing a password.
 */
export function PasswordStrengthMeter({
	password,
	userInputs,
}: {
	password: string
	userInputs: string[]
}) {
	const { t, locale } = useTranslation()
	const [strength, setStrength] = useState<PasswordStrength | null>(null)
	const inputsKey = userInputs.join('\u0000')
	useEffect(() => {
		if (!password) {
			setStrength(null)
			return
		}
		let cancelled = false
		void import('./password-strength.ts').then(({ checkPasswordStrength }) => {
			if (!cancelled)
				setStrength(checkPasswordStrength(password, locale, inputsKey.split('\u0000')))
		})
		return () => {
			cancelled = true
		}
	}, [password, locale, inputsKey])
	if (!strength) return null
	return (
		<div className="strength" aria-live="polite">
			<label>
				<span className="visually-hidden">{t('auth.strength.label')}</span>
				<meter min={0} max={4} low={2} high={3} optimum={4} value={strength.score} />
			</label>
			<p className="field-hint">
				{t('auth.strength.label')}: <strong>{t(`auth.strength.${strength.score}`)}</strong>
				{strength.warning ? ` – ${strength.warning}` : null}
			</p>
			{strength.suggestions.length > 0 ? (
				<ul className="field-hint">
					{strength.suggestions.map((suggestion) => (
						<li key={suggestion}>{suggestion}</li>
					))}
				</ul>
			) : null}
		</div>
	)
}
