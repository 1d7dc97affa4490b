import { defineMessages } from '#app/i18n/define.ts'

export const searchMessages = defineMessages({
	cs: {},
	en: {},
})
