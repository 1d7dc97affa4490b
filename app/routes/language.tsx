import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { getUser } from '#app/auth/auth.server.ts'
import { isLocale } from '#app/i18n/i18n.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { LOCALE_COOKIE } from '#app/i18n/locale.server.ts'
import { getDb } from '#db/client.ts'
import { users } from '#db/schema.ts'

export async function loader() {
	return redirect('/')
}

/** Switches the interface language: stored on the account and in a cookie for visitors. */
export async function action({ request }: ActionFunctionArgs) {
	const formData = await request.formData()
	const locale = formData.get('locale')
	const redirectTo = safeRedirect(formData.get('redirectTo'))
	if (!isLocale(locale)) return redirect(redirectTo)
	const user = getUser(request)
	if (user) getDb().update(users).set({ locale }).where(eq(users.id, user.id)).run()
	return redirect(redirectTo, {
		headers: {
			'Set-Cookie': `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`,
		},
	})
}
