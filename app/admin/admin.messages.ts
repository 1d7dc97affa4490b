import { defineMessages } from '#app/i18n/define.ts'

export const adminMessages = defineMessages({
	cs: {},
	en: {},
})
