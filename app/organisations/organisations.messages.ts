import { defineMessages } from '#app/i18n/define.ts'

export const organisationsMessages = defineMessages({
	cs: {},
	en: {},
})
