-- CreateTable
CREATE TABLE "KnowledgeCheck" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "KnowledgeCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgeCheckAnswer" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "knowledgeCheckId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "firstCorrectAttempt" INTEGER,
    "lastAnswer" TEXT NOT NULL,
    "lastCorrect" BOOLEAN NOT NULL,
    "checkVersion" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "correctAt" TIMESTAMP(3),

    CONSTRAINT "KnowledgeCheckAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KnowledgeCheck_courseId_idx" ON "KnowledgeCheck"("courseId");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeCheck_lessonId_checkId_key" ON "KnowledgeCheck"("lessonId", "checkId");

-- CreateIndex
CREATE INDEX "KnowledgeCheckAnswer_courseId_userId_idx" ON "KnowledgeCheckAnswer"("courseId", "userId");

-- CreateIndex
CREATE INDEX "KnowledgeCheckAnswer_knowledgeCheckId_idx" ON "KnowledgeCheckAnswer"("knowledgeCheckId");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeCheckAnswer_userId_knowledgeCheckId_key" ON "KnowledgeCheckAnswer"("userId", "knowledgeCheckId");

-- AddForeignKey
ALTER TABLE "KnowledgeCheck" ADD CONSTRAINT "KnowledgeCheck_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeCheck" ADD CONSTRAINT "KnowledgeCheck_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeCheckAnswer" ADD CONSTRAINT "KnowledgeCheckAnswer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeCheckAnswer" ADD CONSTRAINT "KnowledgeCheckAnswer_knowledgeCheckId_fkey" FOREIGN KEY ("knowledgeCheckId") REFERENCES "KnowledgeCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;
