import { useTranslation } from '#app/i18n/use-translation.ts'

/** ČSÚ's obec types (the `typ` column) and their message keys. */
const TYP_KEYS: Record<string, string> = {
	'Hlavní město': 'territory.typ.hlavniMesto',
	'Statutární město': 'territory.typ.statutarniMesto',
	Město: 'territory.typ.mesto',
	Městys: 'territory.typ.mestys',
	Obec: 'territory.typ.obec',
	'Vojenský újezd': 'territory.typ.vojenskyUjezd',
}

/** An obec's type in the current language; an unknown type is shown as ČSÚ spells it. */
export function useObecTyp() {
	const { t } = useTranslation()
	return (typ: string) => {
		const key = TYP_KEYS[typ]
		return key ? t(key) : typ
	}
}

/** The attribution ČSÚ's terms ask for, shown on every territory page. */
export function TerritorySource() {
	const { t } = useTranslation()
	return <p className="muted">{t('territory.source')}</p>
}
