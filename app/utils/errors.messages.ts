import { defineMessages } from '#app/i18n/define.ts'

/** Messages of refusals (`app/utils/errors.ts`) that no single domain owns. */
export const errorsMessages = defineMessages({
	cs: {
		'error.badRequest':
			'Tomuto požadavku jsme nerozuměli. Vraťte se prosím na stránku a zkuste to znovu z formuláře.',
		'error.conflict':
			'Mezitím se tu něco změnilo. Načtěte prosím stránku znovu a zkuste to ještě jednou.',
	},
	en: {
		'error.badRequest':
			'We could not understand this request. Please go back to the page and try again from the form.',
		'error.conflict':
			'Something changed here in the meantime. Please reload the page and try again.',
	},
})
