import type { PublicKnowledgeCheck } from "../../contract/http/knowledge-checks";
import type { KnowledgeCheckProgress } from "../../contract/http/knowledge-checks";
import { KnowledgeCheck } from "./knowledge-check";
import styles from "./knowledge-check.module.css";

export interface KnowledgeCheckSectionProps {
  lessonId: string;
  checks: { check: PublicKnowledgeCheck; progress: KnowledgeCheckProgress | null }[];
  /** Enrolled (or teaching): may answer. Others see the questions and how to get in. */
  canAnswer: boolean;
}

/** "Check your understanding": a lesson's knowledge checks after its text, each answered on its own. */
export function KnowledgeCheckSection({ lessonId, checks, canAnswer }: KnowledgeCheckSectionProps) {
  if (checks.length === 0) return null;
  return (
    <section className={styles.section} aria-labelledby="knowledge-checks-heading">
      <h2 id="knowledge-checks-heading">Check your understanding</h2>
      <p className="muted">
        {checks.length} short question{checks.length === 1 ? "" : "s"}, graded as you answer; each one answered
        correctly counts towards your progress in the course.
      </p>
      <ol className={styles.list}>
        {checks.map((entry, index) => (
          <li key={entry.check.id}>
            <KnowledgeCheck
              lessonId={lessonId}
              check={entry.check}
              initialProgress={entry.progress}
              canAnswer={canAnswer}
              number={index + 1}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
