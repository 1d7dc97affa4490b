import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { getSession } from '#app/auth/auth.server.ts'
import { serializeBlankSessionCookie } from '#app/auth/cookie.server.ts'
import { invalidateSession } from '#app/auth/session.server.ts'
import { withNotice } from '#app/utils/notice.ts'

export async function loader() {
	return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
	const session = getSession(request)
	if (session) invalidateSession(session.id)
	return redirect(withNotice('/login', 'notice.loggedOut'), {
		headers: { 'Set-Cookie': serializeBlankSessionCookie() },
	})
}
