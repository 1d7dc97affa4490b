import { SECRET_LINK_PATHS } from '#app/utils/secret-paths.ts'

/**
 * Links that work as a key: whoever has one can set a password, create an account, answer a
 * date poll or read someone's calendar. E-mails carry them to the one person they are for; the
 * outbox (read by administrators, kept in every database copy and backup) keeps only a masked
 * form, so neither can use them. This is the single rule for every kind of mail: a route whose
 * address holds a secret token is listed in `SECRET_LINK_PATHS`, and every mail's stored text and HTML pass
 * through `redactSecretLinks`.
 */

/** How many of a token's last characters stay visible, to tell two masked links apart. */
const VISIBLE_TAIL = 4
export const MASK = '••••••'

const SECRET_LINK = new RegExp(`(/(?:${SECRET_LINK_PATHS.join('|')})/)([^\\s/?#<>"'&.]+)`, 'g')

/** `https://…/reset-password/abcd…wxyz` → `https://…/reset-password/••••••wxyz`. */
export function redactSecretLinks(text: string) {
	return text.replace(SECRET_LINK, (_, path: string, token: string) => {
		const tail = token.length >= VISIBLE_TAIL * 2 ? token.slice(-VISIBLE_TAIL) : ''
		return `${path}${MASK}${tail}`
	})
}
