import { Form, NavLink, useLocation, useSearchParams } from '@remix-run/react'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { useOptionalUser } from '#app/utils/user.ts'
import { Notice } from './notice.tsx'

/** Page frame: skip link, banner with navigation, main landmark, footer. */
export function AppShell({ children }: { children: React.ReactNode }) {
	const { t, locale } = useTranslation()
	const user = useOptionalUser()
	const location = useLocation()
	const [searchParams] = useSearchParams()
	const notice = searchParams.get('notice')
	const links = user
		? [
				{ to: '/', label: t('nav.home'), end: true },
				{ to: '/groups', label: t('nav.groups') },
				{ to: '/tasks', label: t('tasks.nav') },
				{ to: '/organisations', label: t('nav.organisations') },
				{ to: '/territory', label: t('nav.territory') },
				...(user.isAdmin ? [{ to: '/admin', label: t('nav.admin') }] : []),
			]
		: []
	const otherLocale = locale === 'cs' ? 'en' : 'cs'
	return (
		<>
			<a className="skip-link" href="#main">
				{t('nav.skip')}
			</a>
			<header className="site-header">
				<div className="site-header__inner">
					<NavLink to="/" className="brand">
						{t('app.name')}
					</NavLink>
					{links.length > 0 ? (
						<nav aria-label={t('nav.label')} className="site-nav">
							<ul>
								{links.map((link) => (
									<li key={link.to}>
										<NavLink to={link.to} end={link.end}>
											{link.label}
										</NavLink>
									</li>
								))}
							</ul>
						</nav>
					) : null}
					<div className="site-header__tools">
						{user ? (
							<Form
								method="get"
								action="/search"
								className="inline-form header-search"
								role="search"
							>
								<label htmlFor="header-search-q" className="visually-hidden">
									{t('search.header.label')}
								</label>
								<input id="header-search-q" type="search" name="q" maxLength={200} />
								<button type="submit" className="button button--quiet">
									{t('search.header.submit')}
								</button>
							</Form>
						) : null}
						<Form method="post" action="/language" className="inline-form">
							<input type="hidden" name="locale" value={otherLocale} />
							<input
								type="hidden"
								name="redirectTo"
								value={`${location.pathname}${location.search}`}
							/>
							<button type="submit" className="button button--quiet" lang={otherLocale}>
								{t(`language.${otherLocale}`)}
							</button>
						</Form>
						{user ? (
							<>
								<NavLink to="/account" className="user-link">
									{user.name}
								</NavLink>
								<Form method="post" action="/logout" className="inline-form">
									<button type="submit" className="button button--quiet">
										{t('nav.logout')}
									</button>
								</Form>
							</>
						) : null}
					</div>
				</div>
			</header>
			<main id="main" tabIndex={-1} className="site-main">
				{notice ? <Notice messageKey={notice} /> : null}
				{children}
			</main>
			<footer className="site-footer">
				<p>
					{t('app.name')} – {t('app.tagline')}
				</p>
				<p className="muted">{t('footer.territorySource')}</p>
			</footer>
		</>
	)
}
