import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
	Links,
	Meta,
	Outlet,
	Scripts,
	ScrollRestoration,
	type ShouldRevalidateFunction,
	useLoaderData,
	useRouteLoaderData,
} from '@remix-run/react'
import { getUser } from '#app/auth/auth.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { AppShell } from '#app/components/app-shell.tsx'
import { StorageBanner } from '#app/components/storage-banner.tsx'
import { DEFAULT_LOCALE, type Locale } from '#app/i18n/i18n.ts'
import { getLocale } from '#app/i18n/locale.server.ts'
import { useNonce } from '#app/utils/nonce.tsx'
import { STORAGE_UNAVAILABLE_STATUS } from '#app/utils/storage.ts'
import { currentStorageProblem } from '#app/utils/storage.server.ts'
import appStyles from '#app/styles/app.css?url'

export const links: LinksFunction = () => [
	{ rel: 'stylesheet', href: appStyles },
	{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Síťovka' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = getUser(request)
	const locale = getLocale(request, user)
	return { user, locale, storageProblem: currentStorageProblem() }
}

/** After a page action refused because nothing can be stored, load the banner saying why. */
export const shouldRevalidate: ShouldRevalidateFunction = ({
	actionStatus,
	defaultShouldRevalidate,
}) => actionStatus === STORAGE_UNAVAILABLE_STATUS || defaultShouldRevalidate

function Document({ locale, children }: { locale: Locale; children: React.ReactNode }) {
	const nonce = useNonce()
	return (
		<html lang={locale}>
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
			</head>
			<body>
				{children}
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
			</body>
		</html>
	)
}

export default function App() {
	const { locale, storageProblem } = useLoaderData<typeof loader>()
	return (
		<Document locale={locale}>
			<AppShell>
				<StorageBanner problem={storageProblem} />
				<Outlet />
			</AppShell>
		</Document>
	)
}

export function ErrorBoundary() {
	const data = useRouteLoaderData<typeof loader>('root')
	return (
		<Document locale={data?.locale ?? DEFAULT_LOCALE}>
			<AppShell>
				<GeneralErrorBoundary />
			</AppShell>
		</Document>
	)
}
