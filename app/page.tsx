import Link from "next/link";
import { YourCourses } from "@/components/course/your-courses";
import { getDb } from "@/server/db";
import { listEnrolledCourses } from "@/server/progress/enrolled-courses";
import { findCurrentUser } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await findCurrentUser();
  const courses = user ? await listEnrolledCourses(getDb(), user.id) : [];
  // With their courses first, the page's one h1 is "Your courses" and the introduction's title steps down to h2.
  const IntroHeading = courses.length > 0 ? "h2" : "h1";
  return (
    <div className="stack">
      {courses.length > 0 ? <YourCourses courses={courses} /> : null}
      <section className="hero">
        <IntroHeading>See how the kernel and your process share memory.</IntroHeading>
        <p className="muted" style={{ fontSize: "1.15rem", maxWidth: "44rem" }}>
          Pagewise teaches virtual address spaces, page-table walks, highmem, <code>copy_from_user</code> and{" "}
          <code>mmap</code> handlers by doing: you write the code against a simulated x86 machine and Linux kernel, and a
          grader checks it to the bit against the Intel manual and the kernel&apos;s own rules.
        </p>
        <div className="row">
          <Link href="/courses" className="button primary">
            Browse courses
          </Link>
          {user ? null : (
            <Link href="/sign-up" className="button">
              Create a free account
            </Link>
          )}
        </div>
      </section>
      <section className="grid" aria-label="What you do here">
        <div className="card">
          <h2>Read</h2>
          <p>Short lessons with worked examples: real addresses, real entries, real error codes.</p>
        </div>
        <div className="card">
          <h2>Write</h2>
          <p>
            Implement a page walk, a <code>copy_from_user</code> or an <code>mmap</code> handler in the editor, with types
            and completion for the simulated machine. <kbd>Ctrl</kbd>+<kbd>Enter</kbd> runs the public checks in your browser.
          </p>
        </div>
        <div className="card">
          <h2>Get graded</h2>
          <p>Submit and the grader runs your code in a sandbox against hidden checks, explaining every failure in your terms.</p>
        </div>
      </section>
    </div>
  );
}
