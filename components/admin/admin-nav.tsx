import Link from "next/link";
import "./admin.css";

const SECTIONS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/courses", label: "Courses" },
  { href: "/admin/lti", label: "LMS (LTI)" },
  { href: "/admin/health", label: "Health" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

/** The console's sections, the current one marked for screen readers and styled as such. */
export function AdminNav({ current }: { current: (typeof SECTIONS)[number]["href"] }) {
  return (
    <nav aria-label="Admin console" className="admin-nav">
      {SECTIONS.map((section) => (
        <Link key={section.href} href={section.href} aria-current={section.href === current ? "page" : undefined}>
          {section.label}
        </Link>
      ))}
    </nav>
  );
}
