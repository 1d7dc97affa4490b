/**
 * A message is a string, or plural forms chosen by Intl.PluralRules
 * (Czech: one = 1, few = 2–4, many = fractions, other = 0 and 5+). Declared here, not in
 * i18n.ts, so that the domains' message files do not import the registry that imports them.
 */
export type Message = string | (Partial<Record<Intl.LDMLPluralRule, string>> & { other: string })

/** Declares one domain's messages: every Czech key must have an English counterpart. */
export function defineMessages<const T extends Record<string, Message>>(messages: {
	cs: T
	en: { [K in keyof T]: Message }
}) {
	return messages
}
