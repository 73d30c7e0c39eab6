import Link from "next/link";

/** The 403 page (forbidden() in server/route/page-access.ts): signed in, but without the role this page needs. */
export default function Forbidden() {
  return (
    <div className="page-narrow stack">
      <h1>You cannot open this page</h1>
      <p>
        You are signed in, but this page is for people with another role here, such as a course&apos;s instructors. If you
        think you should have access, ask the course&apos;s instructor or an admin.
      </p>
      <p>
        <Link href="/courses" className="button primary">
          Back to the courses
        </Link>
      </p>
    </div>
  );
}
