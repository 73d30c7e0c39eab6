import Link from "next/link";
import { SignOutButton } from "../auth/sign-out-button";
import { HeaderMenu } from "./header-menu";
import { ThemeToggle } from "./theme-toggle";

/** The signed-in user as the header shows them (the layout looks them up; components never touch server/). */
export interface HeaderUser {
  name: string;
  email: string;
  role: string;
}

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  return (
    <header className="site-header">
      <nav className="site-nav" aria-label="Main">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ▦
          </span>
          Pagewise
        </Link>
        <HeaderMenu>
          <Link href="/courses">Courses</Link>
          {user?.role === "admin" ? <Link href="/admin">Admin</Link> : null}
          <span className="spacer" />
          <ThemeToggle />
          {user ? (
            <>
              <span className="who" title={user.email}>
                {user.name}
                {user.role !== "learner" ? <span className="badge">{user.role}</span> : null}
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className="button ghost">
                Sign in
              </Link>
              <Link href="/sign-up" className="button primary">
                Sign up
              </Link>
            </>
          )}
        </HeaderMenu>
      </nav>
    </header>
  );
}
