import type { Message } from './i18n.ts'

/** Declares one domain's messages: every Czech key must have an English counterpart. */
export function defineMessages<const T extends Record<string, Message>>(messages: {
	cs: T
	en: { [K in keyof T]: Message }
}) {
	return messages
}
